using System.Text.Json.Serialization;

namespace Runtype.Client;

/// <summary>
/// The body of put surface. The inactivity timers are optional fields (absent: unchanged; null: never). <see cref="Email"/>
/// is not: a put without it removes the surface's email settings and stops its polling, so every put of an email
/// surface carries its settings (passwords may be left out to keep them).
/// </summary>
public sealed record PutSurfaceRequest
{
    public required string Name { get; init; }

    /// <summary>The channel, such as <c>email</c>, <c>sms</c> or <c>chat</c>; only <c>email</c> takes <see cref="Email"/>.</summary>
    public required string Type { get; init; }

    /// <summary>The surface's open conversations close after this long without a change (at least a minute); null: never.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<TimeSpan?> AutoCloseAfter { get; init; }

    /// <summary>Its closed conversations are archived after this long untouched (at least a minute); null: never.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<TimeSpan?> AutoArchiveAfter { get; init; }

    /// <summary>The mailbox it reads and the server it sends through; null: none.</summary>
    public EmailSettings? Email { get; init; }
}
