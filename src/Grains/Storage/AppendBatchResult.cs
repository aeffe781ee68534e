namespace Runtype.Grains.Storage;

/// <summary>
/// The outcome of <see cref="IConversationStore.AppendBatchAsync"/>. For <see cref="StoreOutcome.Duplicate"/>, the
/// batch's external message ids and message ids the conversation already holds (each list in no particular order).
/// </summary>
public sealed record AppendBatchResult(StoreOutcome Outcome, IReadOnlyList<string> TakenExternalIds, IReadOnlyList<string> TakenMessageIds)
{
    public static AppendBatchResult Done { get; } = new(StoreOutcome.Done, [], []);

    public static AppendBatchResult Missing { get; } = new(StoreOutcome.Missing, [], []);

    public static AppendBatchResult VersionConflict { get; } = new(StoreOutcome.VersionConflict, [], []);

    public static AppendBatchResult Taken(IReadOnlyList<string> externalIds, IReadOnlyList<string> messageIds) =>
        new(StoreOutcome.Duplicate, externalIds, messageIds);
}
