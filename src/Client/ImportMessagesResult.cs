namespace Runtype.Client;

/// <summary>What a history import did: how many messages it stored, the external ids it skipped (in batch order), the conversation's message count after it.</summary>
public sealed record ImportMessagesResult(int Imported, IReadOnlyList<string> Skipped, long MessageCount);
