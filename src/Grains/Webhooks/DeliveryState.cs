using Runtype.Grains.Events;

namespace Runtype.Grains.Webhooks;

/// <summary>
/// Where one endpoint's deliveries stand, stored after each round. Everything at or before <see cref="Cursor"/> was
/// delivered, given up, or belongs to a conversation in <see cref="Lanes"/>, which waits for a retry and then
/// continues from its own place up to the cursor. Losing the latest round to a crash only sends its events again.
/// </summary>
[GenerateSerializer, Alias("Runtype.DeliveryState")]
public sealed class DeliveryState
{
    [Id(0)] public bool Started { get; set; }

    [Id(1)] public EventPosition Cursor { get; set; }

    [Id(2)] public Dictionary<string, DeliveryLane> Lanes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The latest attempts, newest first, at most <see cref="RecentLimit"/>.</summary>
    [Id(3)] public List<WebhookDelivery> Recent { get; set; } = [];

    /// <summary>Events asked to be sent again (redeliver), in the order asked.</summary>
    [Id(4)] public List<WebhookDelivery> Redeliveries { get; set; } = [];

    public const int RecentLimit = 200;

    public void Record(WebhookDelivery attempt)
    {
        Recent.Insert(0, attempt);
        if (Recent.Count > RecentLimit)
        {
            Recent.RemoveRange(RecentLimit, Recent.Count - RecentLimit);
        }
    }
}

/// <summary>
/// A conversation whose next event failed: it is retried at <see cref="NextAttemptAt"/>, and none of the
/// conversation's later events is sent before it is delivered or given up.
/// </summary>
[GenerateSerializer, Alias("Runtype.DeliveryLane")]
public sealed class DeliveryLane
{
    /// <summary>The lane's events start after this position (its last delivered or given-up event).</summary>
    [Id(0)] public EventPosition After { get; set; }

    /// <summary>Failed attempts at the lane's first event so far.</summary>
    [Id(1)] public int Attempts { get; set; }

    /// <summary>When the first of those failed; the event is given up <c>Webhooks:RetryFor</c> after it.</summary>
    [Id(2)] public DateTime FirstFailedAt { get; set; }

    [Id(3)] public DateTime NextAttemptAt { get; set; }

    /// <summary>The position just before <paramref name="position"/>: reading after it starts with that event.</summary>
    public static EventPosition Before(EventPosition position) => position.Minor > 0
        ? new EventPosition(position.Major, position.Minor - 1)
        : new EventPosition(position.Major - 1, long.MaxValue);
}
