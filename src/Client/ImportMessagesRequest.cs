namespace Runtype.Client;

/// <summary>The body of a history import: 1 to 1,000 messages, in order, their <c>CreatedAt</c> never decreasing.</summary>
public sealed record ImportMessagesRequest
{
    public required IReadOnlyList<ImportedMessage> Messages { get; init; }
}
