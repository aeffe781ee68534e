using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;
using Runtype.Grains.Telemetry;

namespace Runtype.Api.Tests;

/// <summary>
/// With an OTLP endpoint configured, one request is one trace across the API, the grain and the database. On
/// PostgreSQL whatever the run's store: the full suite runs it, the fast tier (<c>scripts/test.sh --fast</c>) does not.
/// </summary>
[Trait("Tier", "Full")]
public sealed class TelemetryTests(TelemetryTests.TracedApiFactory factory) : IClassFixture<TelemetryTests.TracedApiFactory>
{
    [Fact]
    public async Task One_create_message_request_is_one_trace_spanning_API_grain_and_database()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var message = await client.CreateMessageAsync(conversation.Id(), """{"content":"traced","role":"user"}""");
        Assert.StartsWith("msg_", message.Id(), StringComparison.Ordinal);

        // Instrumentation listens process-wide, so other test hosts' spans are in the capture too: find ours by its path.
        var request = await factory.WaitForAsync(a =>
            a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server
            && a.GetTagItem("url.path") is string path && path == $"/v1/messaging/conversations/{conversation.Id()}/messages");
        var trace = request.TraceId;

        var grainCall = await factory.WaitForAsync(a => a.TraceId == trace && a.Source.Name == "Microsoft.Orleans.Application" && a.DisplayName.Contains("AddMessage", StringComparison.Ordinal));
        Assert.Equal(trace, grainCall.TraceId);

        // On PostgreSQL the insert runs in a group commit serving many requests: the request's trace holds the wait
        // for it, the commit is a span of its own linked to that wait, and the database command is the commit's child.
        var wait = await factory.WaitForAsync(a => a.TraceId == trace && a.Source.Name == RuntypeTracing.SourceName);
        var commit = await factory.WaitForAsync(a => a.Source.Name == RuntypeTracing.SourceName && a.Links.Any(l => l.Context.SpanId == wait.SpanId));
        var database = await factory.WaitForAsync(a => a.Source.Name == "Npgsql" && a.ParentSpanId == commit.SpanId);
        Assert.Equal(commit.TraceId, database.TraceId);

        // A commit serves many requests, so it is a root of its own, never inside whichever request came first.
        Assert.Equal(default, commit.ParentSpanId);
        Assert.True(database.StartTimeUtc >= request.StartTimeUtc);
    }

    [Fact]
    public async Task The_event_a_post_records_carries_that_request_s_trace_into_its_commit()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var message = await client.CreateMessageAsync(conversation.Id(), """{"content":"traced event","role":"user"}""");
        var request = await factory.WaitForAsync(a =>
            a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server
            && a.GetTagItem("url.path") is string path && path == $"/v1/messaging/conversations/{conversation.Id()}/messages");

        // The event row is written by the group commit (a span of its own); the request's trace travels with it.
        var log = factory.Services.GetRequiredService<IEventLog>();
        var query = new EventQuery(EventPosition.Start, 10, conversation.Id(), [EventType.MessageCreated]);
        var page = await log.ReadAsync("owner-a", query);
        for (var deadline = DateTime.UtcNow.AddSeconds(60); page.Items.Count == 0 && DateTime.UtcNow < deadline; page = await log.ReadAsync("owner-a", query))
        {
            // PostgreSQL's feed horizon waits for older transactions of its database: other tests' can hold it back.
            await Task.Delay(20);
        }

        var created = Assert.Single(page.Items).Event;
        Assert.Contains(message.Id(), created.Data, StringComparison.Ordinal);
        Assert.NotNull(created.TraceParent);
        Assert.Equal(request.TraceId, ActivityContext.Parse(created.TraceParent, null).TraceId);
    }

    [Fact]
    public async Task The_domain_instruments_count_appends_duplicates_replays_and_time_appends()
    {
        var seen = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Runtype.Grains.Telemetry.RuntypeMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => seen.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => seen.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.Start();

        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var path = $"{ApiClientExtensions.Conversations}/{conversation.Id()}/messages";
        await client.CreateMessageAsync(conversation.Id(), """{"content":"one","role":"user","externalMessageId":"m-1"}""");
        using (var duplicate = await client.PostJsonAsync(path, """{"content":"one","role":"user","externalMessageId":"m-1"}"""))
        {
            await duplicate.ExpectJsonAsync(System.Net.HttpStatusCode.OK);
        }

        for (var i = 0; i < 2; i++)
        {
            using var keyed = await client.PostJsonAsync(path, """{"content":"two","role":"user"}""", r => r.Headers.Add("Idempotency-Key", "telemetry-replay"));
            await keyed.ExpectJsonAsync(System.Net.HttpStatusCode.Created);
        }

        // Dated now: after every message above, not after the server's clock.
        using (var imported = await client.PostJsonAsync($"{path}/import", $$"""{"messages":[{"content":"now","role":"user","createdAt":"{{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}}"},{"content":"now","role":"user","createdAt":"{{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}}"}]}"""))
        {
            await imported.ExpectJsonAsync(System.Net.HttpStatusCode.OK);
        }

        // Other tests may add to these process-wide instruments, never take away.
        Assert.True(seen.GetValueOrDefault("runtype.messages.imported") >= 2);
        Assert.True(seen.GetValueOrDefault("runtype.messages.appended") >= 2);
        Assert.True(seen.GetValueOrDefault("runtype.messages.deduplicated") >= 1);
        Assert.True(seen.GetValueOrDefault("runtype.idempotency.replays") >= 1);
        Assert.True(seen.GetValueOrDefault("runtype.messages.append.duration") > 0);
        Assert.True(seen.ContainsKey("runtype.conversations.active"));
    }

    /// <summary>The API on PostgreSQL with telemetry switched on, capturing every span it ends.</summary>
    public sealed class TracedApiFactory : ApiFactory
    {
        private readonly CapturingProcessor _spans = new();

        protected override string StorageProvider => "postgres";

        public async Task<Activity> WaitForAsync(Func<Activity, bool> match)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                if (_spans.Ended.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                await Task.Delay(50);
            }

            var seen = string.Join("\n", _spans.Ended.Select(a => $"{a.Source.Name} {a.Kind} {a.DisplayName} {a.TraceId}"));
            throw new Xunit.Sdk.XunitException($"No matching span. Spans seen:\n{seen}");
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // Telemetry is on only with an endpoint; nothing listens on this one, the spans are read here instead.
            builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9");
            builder.ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(_spans)));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _spans.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class CapturingProcessor : BaseProcessor<Activity>
    {
        public ConcurrentQueue<Activity> Ended { get; } = new();

        public override void OnEnd(Activity data) => Ended.Enqueue(data);
    }
}
