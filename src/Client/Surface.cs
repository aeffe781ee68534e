namespace Runtype.Client;

/// <summary>
/// A registered surface (channel), such as an email inbox. <see cref="Email"/> is set only on a surface of type
/// <c>email</c> given mailbox settings: what it reads and sends through, without passwords, and how its polling stands.
/// </summary>
public sealed record Surface(
    string Id, string Name, string Type, TimeSpan? AutoCloseAfter, TimeSpan? AutoArchiveAfter, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    SurfaceEmail? Email = null);
