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

    /// <summary>The event types the endpoint wants now, as this delivery last heard (null: every type); see <see cref="TypesKnown"/>.</summary>
    [Id(5)] public List<EventType>? Types { get; set; }

    /// <summary>Whether <see cref="Types"/> was set (by the start, or since): not in a state stored before types were kept here.</summary>
    [Id(6)] public bool TypesKnown { get; set; }

    /// <summary>
    /// The types in force before each change of types not yet behind the cursor and the lanes, oldest first: an
    /// event at or before an entry's <see cref="EarlierTypes.Until"/> (and after the one before) is judged by that
    /// entry's types, a later one by <see cref="Types"/>. So a change applies to the events after it, whenever this
    /// delivery reads them.
    /// </summary>
    [Id(7)] public List<EarlierTypes> EarlierTypes { get; set; } = [];

    public const int RecentLimit = 200;

    /// <summary>Whether the endpoint wanted <paramref name="e"/>'s type when it was committed.</summary>
    public bool Wants(StoredEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var types = EarlierTypes.Find(earlier => e.Position <= earlier.Until) is { } then ? then.Types : Types;
        return types is null || types.Contains(e.Event.Type);
    }

    /// <summary>
    /// Takes the endpoint's types as they are now: a change from those known becomes an entry of
    /// <see cref="EarlierTypes"/> up to <paramref name="since"/> (when the change was made). False when nothing changed.
    /// </summary>
    public bool TakeTypes(IReadOnlyList<EventType>? types, EventPosition? since)
    {
        if (TypesKnown && (types is null ? Types is null : Types is not null && types.Order().SequenceEqual(Types.Order())))
        {
            return false;
        }

        // Unknown before (a state stored before types were kept here) or no boundary known: the new types apply to all.
        // Two changes with no event between them need one entry: the types between them applied to no event.
        if (TypesKnown && since is { } until && (EarlierTypes.Count == 0 || EarlierTypes[^1].Until < until))
        {
            EarlierTypes.Add(new EarlierTypes(until, Types));
            ForgetPassedTypes();
        }

        Types = types?.ToList();
        TypesKnown = true;
        return true;
    }

    /// <summary>Forgets the earlier types no event still to be sent (after the cursor, or in a lane) is judged by.</summary>
    public void ForgetPassedTypes()
    {
        var floor = Lanes.Values.Select(l => l.After).Append(Cursor).Min();
        EarlierTypes.RemoveAll(earlier => earlier.Until <= floor);
    }

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

/// <summary>The types an endpoint wanted for the events up to <see cref="Until"/>, before a change (null: every type).</summary>
[GenerateSerializer, Immutable, Alias("Runtype.EarlierTypes")]
public sealed record EarlierTypes([property: Id(0)] EventPosition Until, [property: Id(1)] IReadOnlyList<EventType>? Types);
