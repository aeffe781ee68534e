namespace Runtype.Grains;

[GenerateSerializer, Alias("Runtype.ConversationOutcome")]
public enum ConversationOutcome
{
    Ok = 0,
    Created = 1,
    NotFound = 2,

    /// <summary>Another conversation of the owner already has this surface and external thread.</summary>
    ThreadTaken = 3,

    /// <summary>The caller's expected version (If-Match) is not the current one.</summary>
    VersionMismatch = 4,

    /// <summary>A conversation with this id already exists.</summary>
    AlreadyExists = 5,
}

/// <summary>
/// The answer of a conversation operation. <see cref="Surface"/> is the registered surface, if any;
/// <see cref="ConflictingConversationId"/> names the holder of the thread on <see cref="ConversationOutcome.ThreadTaken"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.ConversationResult")]
public sealed record ConversationResult(
    [property: Id(0)] ConversationOutcome Outcome,
    [property: Id(1)] Conversation? Conversation = null,
    [property: Id(2)] Surface? Surface = null,
    [property: Id(3)] string? ConflictingConversationId = null)
{
    public static ConversationResult NotFound { get; } = new(ConversationOutcome.NotFound);
}
