namespace Runtype.Grains.Storage;

/// <summary>
/// The outcome of <see cref="IConversationStore.ImportAsync"/>. For <see cref="StoreOutcome.Duplicate"/>, the
/// batch's external message ids and message ids the conversation already holds (each list in no particular order).
/// </summary>
public sealed record ImportResult(StoreOutcome Outcome, IReadOnlyList<string> TakenExternalIds, IReadOnlyList<string> TakenMessageIds)
{
    public static ImportResult Done { get; } = new(StoreOutcome.Done, [], []);

    public static ImportResult Missing { get; } = new(StoreOutcome.Missing, [], []);

    public static ImportResult VersionConflict { get; } = new(StoreOutcome.VersionConflict, [], []);

    public static ImportResult Taken(IReadOnlyList<string> externalIds, IReadOnlyList<string> messageIds) =>
        new(StoreOutcome.Duplicate, externalIds, messageIds);
}
