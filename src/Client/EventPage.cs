namespace Runtype.Client;

/// <summary>A page of the event feed, oldest first. <see cref="NextCursor"/> is never null: ask again after it later.</summary>
public sealed record EventPage(IReadOnlyList<RuntypeEvent> Data, string NextCursor);
