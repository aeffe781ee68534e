namespace Runtype.Grains;

[GenerateSerializer, Immutable, Alias("Runtype.Surface")]
public sealed record Surface
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public required string Type { get; init; }
    [Id(3)] public DateTime CreatedAt { get; init; }
    [Id(4)] public DateTime UpdatedAt { get; init; }

    /// <summary>The inactivity timers its conversations inherit (<see cref="ConversationFields.AutoCloseAfter"/>).</summary>
    [Id(5)] public InactivityTimers Timers { get; init; } = InactivityTimers.None;

    /// <summary>The mailbox it reads and the server it sends through (docs/email.md); null on a surface without mail.</summary>
    [Id(6)] public Email.EmailSettings? Email { get; init; }
}
