using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Orleans.Runtime;
using Orleans.TestingHost;
using Runtype.Grains.Events;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.System.Tests;

/// <summary>
/// The event stream through an API in <c>client</c> mode (no silo in its process) in front of two silos clustered
/// through PostgreSQL. While writers post and two clients read the stream, the silo holding the owner's
/// <see cref="IOwnerEventsGrain"/> (the one that wakes the API's tail) is killed without a graceful stop: its
/// subscriptions die with it, so from then on the stream lives on the tail's poll of the log and its renewed
/// subscription. One reader stays connected; the other drops its connection at the kill and resumes with
/// <c>Last-Event-ID</c>. Both receive every acknowledged message exactly once, in per-conversation order, and
/// exactly the log's events in the log's order, and the open stream stalls for seconds at most, not for the
/// cluster's response timeout.
/// </summary>
public sealed class EventStreamSiloKillTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Owner = "restart-owner";
    private const string Conversations = "/v1/messaging/conversations";
    private const int ConversationCount = 6;
    private const int Writers = 4;
    private const int AcknowledgedEachSide = 40;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_stream_through_a_client_mode_API_loses_nothing_when_the_silo_waking_it_is_killed()
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        var builder = AdoNetCluster.Builder(database, silos: 2, fastFailureDetection: true);

        // Real sockets: the API is another process and reaches the silos' gateways over TCP.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString, settings: new Dictionary<string, string>
        {
            ["Api__Mode"] = "client",
            ["Cluster__Membership"] = "adonet",
            ["Cluster__ClusterId"] = builder.Options.ClusterId,
            ["Cluster__ServiceId"] = builder.Options.ServiceId,
        });

        using var stop = new CancellationTokenSource();
        using var staying = new StreamFollower(StreamClient(api));
        using var hopping = new StreamFollower(StreamClient(api));
        var reading = Task.WhenAll(Task.Run(() => staying.RunAsync(stop.Token)), Task.Run(() => hopping.RunAsync(stop.Token)));

        using var client = api.Client();
        client.Timeout = TimeSpan.FromSeconds(5);
        var conversationIds = new List<string>();
        for (var i = 0; i < ConversationCount; i++)
        {
            using var created = await PostAsync(client, Conversations, """{"surfaceId":"sms"}""");
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            conversationIds.Add(JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
        }

        // Both streams are live (the tail subscribed, so the owner's grain is active somewhere) before anything dies.
        await UntilAsync(() => staying.Events.Count >= ConversationCount && hopping.Events.Count >= ConversationCount, "the conversation.created events");
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var ownerGrain = cluster.Client.GetGrain<IOwnerEventsGrain>(Owner);
        SiloAddress? holder = null;
        await UntilAsync(async () => (holder = await management.GetActivationAddress(ownerGrain)) is not null, "the owner's events grain to be active");
        var victim = cluster.Silos.Single(s => s.SiloAddress.Equals(holder));

        var acknowledged = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var unexpected = new ConcurrentBag<string>();
        var retried = 0;
        var acknowledgedAfterKill = 0;
        long killedAt = 0;
        using var stopWriting = new CancellationTokenSource();

        async Task WriteAsync(int writer)
        {
            for (var n = 0; !stopWriting.IsCancellationRequested; n++)
            {
                var external = $"w{writer}-m{n}";
                var conversation = conversationIds[(writer + n) % conversationIds.Count];
                var startedAfterKill = Volatile.Read(ref killedAt) != 0;
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        using var response = await PostAsync(client, $"{Conversations}/{conversation}/messages", $$"""{"content":"{{external}}","role":"user","externalMessageId":"{{external}}"}""");
                        if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                        {
                            acknowledged[JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!] = Stopwatch.GetTimestamp();
                            Interlocked.Add(ref acknowledgedAfterKill, startedAfterKill ? 1 : 0);
                            break;
                        }

                        if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt >= 100)
                        {
                            unexpected.Add($"{external}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                            break;
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && attempt < 100)
                    {
                        // No answer (a call stuck on the dead silo is only failed after 30 s): the outcome is unknown, so the
                        // same externalMessageId goes again.
                    }

                    Interlocked.Increment(ref retried);
                    await Task.Delay(200);
                }
            }
        }

        var writing = Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w))));
        await UntilAsync(() => acknowledged.Count >= AcknowledgedEachSide || writing.IsCompleted, "the first acknowledged posts");

        await cluster.KillSiloAsync(victim);
        Volatile.Write(ref killedAt, Stopwatch.GetTimestamp());
        hopping.Hop();
        await UntilAsync(() => Volatile.Read(ref acknowledgedAfterKill) >= AcknowledgedEachSide || writing.IsCompleted, "posts acknowledged after the kill");
        await stopWriting.CancelAsync();
        await writing;

        Assert.True(unexpected.IsEmpty, "posts that failed for good: " + string.Join("; ", unexpected.Take(5)));
        var wanted = acknowledged.Keys.ToHashSet(StringComparer.Ordinal);
        bool HasAll(StreamFollower f) => wanted.IsSubsetOf(f.Events.Where(e => e.Type == "message.created").Select(e => e.DataId));
        await UntilAsync(() => HasAll(staying) && HasAll(hopping), "every acknowledged message on both streams");

        // Whatever else the log holds (a post whose answer was lost commits all the same), the streams hold too.
        var logged = (string)(await database.ScalarAsync($"SELECT string_agg(id, ',' ORDER BY tx, seq) FROM runtype_events WHERE owner = '{Owner}'"))!;
        await UntilAsync(() => staying.Events.Count >= logged.Split(',').Length && hopping.Events.Count >= logged.Split(',').Length, "the whole log on both streams");
        await stop.CancelAsync();
        await reading;

        output.WriteLine($"killed {victim.SiloAddress}; acknowledged {acknowledged.Count} ({acknowledgedAfterKill} after the kill); retried {retried}; "
            + $"reconnects: staying {staying.Reconnects}, hopping {hopping.Reconnects}");
        foreach (var follower in new[] { staying, hopping })
        {
            var events = follower.Events;
            Assert.Equal(logged.Split(','), events.Select(e => e.EventId));
            var messages = events.Where(e => e.Type == "message.created").Select(e => e.DataId).ToList();
            Assert.Equal(messages.Count, messages.Distinct(StringComparer.Ordinal).Count());
            Assert.Subset(messages.ToHashSet(StringComparer.Ordinal), wanted);
            foreach (var perConversation in events.GroupBy(e => e.ConversationId))
            {
                var sequences = perConversation.Select(e => e.Sequence).ToList();
                Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
            }

            // The stream survived the kill: it delivered messages that were only posted after it.
            Assert.Contains(events, e => e.Type == "message.created" && e.At > killedAt);
        }

        var latest = staying.Events.Where(e => acknowledged.ContainsKey(e.DataId)).Max(e => Stopwatch.GetElapsedTime(acknowledged[e.DataId], e.At));
        output.WriteLine($"longest from 201 to the staying stream: {latest.TotalSeconds:0.0} s");

        // A dead silo costs latency, not events, and only a little: the tail polls every second and gives up on a
        // call stuck on the dead gateway after a few seconds instead of the cluster's 30-second response timeout.
        Assert.True(latest < TimeSpan.FromSeconds(20), $"an acknowledged message took {latest.TotalSeconds:0.0} s to reach the open stream");
        Assert.True(hopping.Reconnects >= 1, "the hopping reader never resumed with Last-Event-ID");
    }

    private static HttpClient StreamClient(ApiProcess api)
    {
        var client = api.Client();
        client.Timeout = Timeout.InfiniteTimeSpan;
        return client;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Patience.TotalSeconds * Stopwatch.Frequency);
        while (!await condition())
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
