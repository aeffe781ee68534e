using Runtype.Grains.Wire;
using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Runtype.Grains.Events;
using Runtype.Grains.Telemetry;

namespace Runtype.Api.Events;

/// <summary>
/// One client's stream: it reads the feed from its cursor until it has caught up, then takes events from the
/// owner's shared ring; it only ever moves forward, so each event is sent once and per-conversation order holds.
/// It never holds more than one read batch: a client that does not drain its socket falls out of the ring and
/// is cancelled through its <see cref="RingReader"/>.
/// </summary>
internal sealed class EventStreamSession(EventRequest request, EventServices services, OwnerTail tail, RingReader reader, PipeWriter body, CancellationToken cancellation)
{
    private const int FlushBytes = 64 * 1024;
    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    private readonly List<StoredEvent> _batch = new(services.Settings.ReadBatch);
    private long _lastWrite = services.Time.GetTimestamp();

    public async Task RunAsync()
    {
        await CatchUpAsync();
        while (true)
        {
            var changed = tail.Ring.Changed;
            _batch.Clear();
            if (!tail.Ring.TryTake(reader, services.Settings.ReadBatch, _batch))
            {
                await reader.Overrun.CancelAsync();
                reader.Overrun.Token.ThrowIfCancellationRequested();
            }

            if (_batch.Count > 0)
            {
                await SendAsync(_batch, live: true);
            }
            else
            {
                await WaitAsync(changed);
            }
        }
    }

    /// <summary>Reads every event of the owner from the feed (and sends the matching ones) until the ring covers the rest.</summary>
    private async Task CatchUpAsync()
    {
        var feed = services.Grains.EventFeed();
        var position = request.Start;
        while (true)
        {
            var changed = tail.Ring.Changed;
            var page = await feed.Read(request.Owner, new EventQuery(position, services.Settings.ReadBatch)).WaitAsync(cancellation);
            await SendAsync(page.Items);
            position = page.Next;
            if (page.More)
            {
                continue;
            }

            if (tail.Ring.TryJoin(reader, position, out var seeded))
            {
                if (seeded)
                {
                    tail.Wake();
                }

                return;
            }

            if (page.Items.Count == 0)
            {
                // The ring has moved past this position but the feed showed this read nothing yet; look again shortly.
                await WaitAsync(changed);
            }
        }
    }

    private async Task WaitAsync(Task changed)
    {
        var untilKeepAlive = services.Settings.KeepAlive - services.Time.GetElapsedTime(_lastWrite);
        if (untilKeepAlive <= TimeSpan.Zero)
        {
            body.Write(KeepAlive);
            await FlushAsync();
            return;
        }

        try
        {
            await changed.WaitAsync(untilKeepAlive, services.Time, cancellation);
        }
        catch (TimeoutException)
        {
            // Time for a keep-alive; the next turn writes it.
        }
    }

    /// <param name="live">
    /// Taken from the ring as committed, so the events' age is the stream's lag; a catch-up's events are as old as the
    /// cursor the client asked to start from.
    /// </param>
    private async Task SendAsync(IReadOnlyList<StoredEvent> events, bool live = false)
    {
        var sent = 0;
        long unflushed = 0;
        var now = services.Time.GetUtcNow().UtcDateTime;
        foreach (var stored in events)
        {
            if (!request.Matches(stored.Event))
            {
                continue;
            }

            unflushed += Write(stored);
            sent++;
            if (live)
            {
                RuntypeMetrics.EventHandedOver(FeedConsumers.Stream, stored.Event.CreatedAt, now);
            }

            if (unflushed > FlushBytes)
            {
                await FlushAsync();
                unflushed = 0;
            }
        }

        if (sent > 0)
        {
            await FlushAsync();
            EventMetrics.ServedByStream(sent);
        }
    }

    private int Write(StoredEvent stored)
    {
        var cursor = new EventCursor(stored.Position, stored.Event.CreatedAt).Write(services.Cursors, request.Scope);
        var json = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { SkipValidation = true }))
        {
            EventJson.Write(writer, stored.Event);
        }

        var head = Encoding.UTF8.GetBytes($"id: {cursor}\nevent: {EventTypes.Name(stored.Event.Type)}\ndata: ");
        body.Write(head);
        var data = body.GetSpan(json.WrittenCount);
        json.WrittenSpan.CopyTo(data);

        // A line break in JSON can only be whitespace (inside strings it is escaped), and in SSE it would end the
        // data line; a space means the same to a JSON parser.
        data[..json.WrittenCount].Replace((byte)'\n', (byte)' ');
        data[..json.WrittenCount].Replace((byte)'\r', (byte)' ');
        body.Advance(json.WrittenCount);
        body.Write("\n\n"u8);
        return head.Length + json.WrittenCount + 2;
    }

    private async Task FlushAsync()
    {
        await body.FlushAsync(cancellation);
        _lastWrite = services.Time.GetTimestamp();
    }
}
