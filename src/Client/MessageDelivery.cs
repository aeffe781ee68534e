namespace Runtype.Client;

/// <summary>
/// How the emailing of an outbound message stands (<see cref="Message.Delivery"/>): <see cref="Status"/> is
/// <c>pending</c>, <c>sent</c> or <c>failed</c>; each change is a <c>message.delivery_updated</c> event.
/// </summary>
public sealed record MessageDelivery(string Status, int Attempts, string? LastError, DateTimeOffset? SentAt);
