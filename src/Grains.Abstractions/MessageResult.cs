namespace Runtype.Grains;

[GenerateSerializer, Alias("Runtype.MessageOutcome")]
public enum MessageOutcome
{
    Created = 0,

    /// <summary>The external message id was already in the conversation; nothing was created.</summary>
    Duplicate = 1,
    NotFound = 2,

    /// <summary>The conversation is archived and read-only.</summary>
    Archived = 3,

    /// <summary>
    /// A message with the id this request reserved is already there: an earlier attempt of the same request
    /// created it (its answer was lost). Answered as the creation it was.
    /// </summary>
    CreatedByEarlierAttempt = 4,

    /// <summary>The message's content and metadata were erased now.</summary>
    Redacted = 5,

    /// <summary>The message was redacted before; nothing was written.</summary>
    AlreadyRedacted = 6,

    /// <summary>The message's delivery is now the one given (written now, or already so, then nothing was written).</summary>
    DeliveryRecorded = 7,
}

[GenerateSerializer, Immutable, Alias("Runtype.MessageResult")]
public sealed record MessageResult([property: Id(0)] MessageOutcome Outcome, [property: Id(1)] Message? Message = null)
{
    public static MessageResult NotFound { get; } = new(MessageOutcome.NotFound);
    public static MessageResult Archived { get; } = new(MessageOutcome.Archived);
}
