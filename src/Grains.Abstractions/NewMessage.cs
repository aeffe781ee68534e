namespace Runtype.Grains;

/// <summary>
/// A message as a client submits it; the grain decides position, direction default and time, and the id unless
/// <see cref="Id"/> carries one reserved for the request (an idempotent request's retry sends the same id again,
/// so an attempt whose outcome was unknown is found instead of repeated).
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.NewMessage")]
public sealed record NewMessage
{
    [Id(0)] public MessageRole Role { get; init; }
    [Id(1)] public MessageDirection? Direction { get; init; }
    [Id(2)] public required string Content { get; init; }
    [Id(3)] public string? ExternalMessageId { get; init; }
    [Id(4)] public string? FlowStepResultId { get; init; }
    [Id(5)] public string Metadata { get; init; } = "{}";
    [Id(6)] public string? Id { get; init; }

    /// <summary>The message's delivery as it starts (pending, for a message to be emailed), stored as given; null for any other.</summary>
    [Id(7)] public MessageDelivery? Delivery { get; init; }
}
