namespace Runtype.Grains;

[GenerateSerializer, Alias("Runtype.ImportOutcome")]
public enum ImportOutcome
{
    /// <summary>The batch was applied (possibly importing nothing when every message was skipped).</summary>
    Imported = 0,
    NotFound = 1,

    /// <summary>The conversation is archived and read-only.</summary>
    Archived = 2,

    /// <summary>
    /// Some messages to import are dated before the conversation's last message or after the server's now; nothing
    /// was written. <see cref="MessageImportResult.TooEarly"/> and <see cref="MessageImportResult.InFuture"/> name them.
    /// </summary>
    CreatedAtRefused = 3,
}

/// <summary>
/// The answer to a history import. <see cref="Skipped"/> holds, in batch order, the external message ids of the
/// messages not imported because the conversation (or the batch, earlier) already had them. Indexes are places in
/// the batch as sent (0-based).
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.MessageImportResult")]
public sealed record MessageImportResult(
    [property: Id(0)] ImportOutcome Outcome,
    [property: Id(1)] int Imported = 0,
    [property: Id(2)] IReadOnlyList<string>? Skipped = null,
    [property: Id(3)] long MessageCount = 0,
    [property: Id(4)] IReadOnlyList<int>? TooEarly = null,
    [property: Id(5)] IReadOnlyList<int>? InFuture = null)
{
    public static MessageImportResult NotFound { get; } = new(ImportOutcome.NotFound);
    public static MessageImportResult Archived { get; } = new(ImportOutcome.Archived);
}
