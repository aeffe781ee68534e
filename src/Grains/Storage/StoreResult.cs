namespace Runtype.Grains.Storage;

public enum StoreOutcome
{
    Done,

    /// <summary>The conversation is not in the store (never created, or deleted).</summary>
    Missing,

    /// <summary>The stored version is not the expected one: someone else wrote first.</summary>
    VersionConflict,

    /// <summary>Another conversation of the owner holds this surface and external thread.</summary>
    ThreadTaken,

    /// <summary>A conversation with this id exists already.</summary>
    AlreadyExists,

    /// <summary>The message's external id is already in the conversation.</summary>
    Duplicate,
}

/// <summary>The outcome of a store write, with the thread holder's id or the already-stored message where relevant.</summary>
public readonly record struct StoreResult(StoreOutcome Outcome, string? ConflictingConversationId = null, Message? Existing = null)
{
    public static StoreResult Done { get; } = new(StoreOutcome.Done);

    public static StoreResult Missing { get; } = new(StoreOutcome.Missing);

    public static StoreResult VersionConflict { get; } = new(StoreOutcome.VersionConflict);

    public static StoreResult AlreadyExists { get; } = new(StoreOutcome.AlreadyExists);

    public static StoreResult ThreadTaken(string holder) => new(StoreOutcome.ThreadTaken, holder);

    public static StoreResult Duplicate(Message existing) => new(StoreOutcome.Duplicate, Existing: existing);
}
