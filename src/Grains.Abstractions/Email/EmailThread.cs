namespace Runtype.Grains.Email;

/// <summary>
/// What sending one outbound message needs from its conversation: the message as stored, its conversation's surface
/// and participant, and the Message-ID it answers (the latest inbound mail's before it).
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.EmailThread")]
public sealed record EmailThread
{
    [Id(0)] public required Message Message { get; init; }
    [Id(1)] public required string SurfaceId { get; init; }
    [Id(2)] public string? Subject { get; init; }
    [Id(3)] public string? ParticipantEmail { get; init; }
    [Id(4)] public string? ParticipantName { get; init; }
    [Id(5)] public string? InReplyTo { get; init; }
}
