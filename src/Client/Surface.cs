namespace Runtype.Client;

/// <summary>A registered surface (channel), such as an email inbox.</summary>
public sealed record Surface(
    string Id, string Name, string Type, TimeSpan? AutoCloseAfter, TimeSpan? AutoArchiveAfter, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
