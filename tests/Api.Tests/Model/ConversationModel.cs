namespace Runtype.Api.Tests.Model;

/// <summary>
/// The sequential model of one conversation: what the API must have done after a sequence of operations applied one
/// at a time. It knows nothing of ids, threads or storage; messages are told apart by their (unique) content.
/// Each operation compares what the real API answered (recorded on the operation) with what the model answers at the
/// operation's place in the sequence, and notes every difference in <see cref="Mismatches"/>.
/// </summary>
internal sealed class ConversationModel : ModelState
{
    public bool Exists { get; set; } = true;

    public string Status { get; set; } = "open";

    public List<ModelMessage> Messages { get; } = [];

    /// <summary>The conversation's event types in sequence order (sequence = place + 1).</summary>
    public List<string> Events { get; } = ["conversation.created"];

    /// <summary>Whether a live post has been stored: its createdAt is the server's clock, after every import's.</summary>
    public bool HasLiveMessage { get; set; }

    public ModelMessage? WithExternalId(string externalId) => Messages.Find(m => m.ExternalId == externalId);

    public string ContentAt(int position) => Messages[position - 1].Content;

    public override string ToString() =>
        $"exists={Exists} status={Status} messages=[{string.Join(", ", Messages)}] events=[{string.Join(", ", Events)}]{MismatchText}";
}

/// <summary>A message as listed: a redacted one has empty content; <paramref name="Delivery"/> as <see cref="RecordDelivery.Describe(Grains.MessageDelivery)"/> writes it.</summary>
internal sealed record ModelMessage(string Content, string? ExternalId, bool Redacted, string? Delivery = null)
{
    public override string ToString() =>
        Content + (ExternalId is null ? "" : $"({ExternalId})") + (Redacted ? "[redacted]" : "") + (Delivery is null ? "" : $"[{Delivery}]");
}
