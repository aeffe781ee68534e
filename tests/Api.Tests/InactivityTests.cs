using System.Net;
using System.Text.Json;
using Runtype.Grains.Telemetry;
using Runtype.Testing;

namespace Runtype.Api.Tests;

/// <summary>
/// lifecycle.md's inactivity timers through the real API: an open conversation with no change for autoCloseAfter
/// closes, a closed one untouched for autoArchiveAfter is archived, each as a conversation.updated with
/// "reason": "inactivity"; a message restarts the clock; conversations inherit their surface's timers, and a surface
/// change reaches conversations that had none. The clock is moved by the test (<see cref="InactivityFactory"/>).
/// </summary>
public sealed class InactivityTests(InactivityFactory factory) : IClassFixture<InactivityFactory>
{
    private const string Conversations = ApiClientExtensions.Conversations;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_idle_conversation_closes_then_archives_with_inactivity_events()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync("""{"surfaceId":"chat","autoCloseAfter":"PT1M","autoArchiveAfter":"PT2M"}""")).Id();

        // Ticks come every second; not one of them may close it before its minute is up.
        await factory.WaitForTicksAsync(id);
        Assert.Equal("open", await StatusAsync(client, id));

        factory.Clock.Advance(TimeSpan.FromSeconds(61));
        await WaitForStatusAsync(client, id, "closed");
        factory.Clock.Advance(TimeSpan.FromSeconds(100));
        await factory.WaitForTicksAsync(id);
        Assert.Equal("closed", await StatusAsync(client, id));
        factory.Clock.Advance(TimeSpan.FromSeconds(25));
        await WaitForStatusAsync(client, id, "archived");

        var events = await EventsAsync(client, id);
        Assert.Equal(["conversation.created", "conversation.updated", "conversation.updated"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.False(events[0].TryGetProperty("reason", out _));
        Assert.All(events.Skip(1), e => Assert.Equal("inactivity", e.GetProperty("reason").GetString()));
        Assert.Equal("""{"status":"open"}""", events[1].GetProperty("previousAttributes").GetRawText());
        Assert.Equal("""{"status":"closed"}""", events[2].GetProperty("previousAttributes").GetRawText());
        Assert.Equal("closed", events[1].GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("archived", events[2].GetProperty("data").GetProperty("status").GetString());

        using var response = await client.GetAsync($"{Conversations}/{id}");
        Assert.Equal("archived", (await response.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Equal("\"3\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_message_restarts_the_clock()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync("""{"surfaceId":"chat","autoCloseAfter":"PT1M"}""")).Id();
        factory.Clock.Advance(TimeSpan.FromSeconds(40));
        await client.CreateMessageAsync(id);
        factory.Clock.Advance(TimeSpan.FromSeconds(40));

        // 80 s after its creation but 40 s after its message: still open.
        await factory.WaitForTicksAsync(id);
        Assert.Equal("open", await StatusAsync(client, id));

        factory.Clock.Advance(TimeSpan.FromSeconds(25));
        await WaitForStatusAsync(client, id, "closed");
    }

    [Fact]
    public async Task Each_tick_of_the_inactivity_reminder_is_counted_with_how_late_it_fired()
    {
        using var log = new MeasurementLog([RuntypeMetrics.RemindersFired.Name, RuntypeMetrics.ReminderLateness.Name]);
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync("""{"surfaceId":"chat","autoCloseAfter":"PT1M"}""")).Id();
        await factory.WaitForTicksAsync(id);

        // Other conversations' reminders tick in this process too: this one's two ticks are among those counted.
        var fired = log.Of(RuntypeMetrics.RemindersFired.Name).Where(m => m.Tags["reminder"] == "inactivity").ToList();
        Assert.True(fired.Count >= 2, $"{fired.Count} inactivity ticks counted");
        Assert.All(fired, m => Assert.Equal(1, m.Value));
        Assert.Contains(log.Of(RuntypeMetrics.ReminderLateness.Name), m => m.Tags["reminder"] == "inactivity");
    }

    [Fact]
    public async Task A_message_to_a_conversation_closed_by_inactivity_reopens_it_and_its_timer_closes_it_again()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync("""{"surfaceId":"chat","autoCloseAfter":"PT1M"}""")).Id();
        factory.Clock.Advance(TimeSpan.FromSeconds(61));
        await WaitForStatusAsync(client, id, "closed");

        await client.CreateMessageAsync(id);
        Assert.Equal("open", await StatusAsync(client, id));
        factory.Clock.Advance(TimeSpan.FromSeconds(61));
        await WaitForStatusAsync(client, id, "closed");
    }

    [Fact]
    public async Task Conversations_inherit_their_surfaces_timers_and_a_surface_change_reaches_those_that_had_none()
    {
        using var client = factory.ClientFor();
        var surface = $"inherit-{Guid.NewGuid():N}";
        await client.PutSurfaceAsync(surface, "Inherited timers", "chat");
        var inheriting = (await client.CreateConversationAsync($$"""{"surfaceId":"{{surface}}"}""")).Id();
        var overriding = (await client.CreateConversationAsync($$"""{"surfaceId":"{{surface}}","autoCloseAfter":"PT10M"}""")).Id();

        // No timer anywhere yet: the inheriting conversation has no reminder until the surface tells it.
        using (var put = await client.PutJsonAsync($"/v1/messaging/surfaces/{surface}", """{"name":"Inherited timers","type":"chat","autoCloseAfter":"PT1M"}"""))
        {
            var body = await put.ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal("PT1M", body.GetProperty("autoCloseAfter").GetString());
            Assert.Equal(JsonValueKind.Null, body.GetProperty("autoArchiveAfter").ValueKind);
        }

        factory.Clock.Advance(TimeSpan.FromSeconds(61));
        await WaitForStatusAsync(client, inheriting, "closed");
        Assert.Equal("open", await StatusAsync(client, overriding));

        // A PUT without the fields keeps them; null removes one.
        var renamed = await client.PutSurfaceAsync(surface, "Renamed", "chat");
        Assert.Equal("PT1M", renamed.GetProperty("autoCloseAfter").GetString());
        using var cleared = await client.PutJsonAsync($"/v1/messaging/surfaces/{surface}", """{"name":"Renamed","type":"chat","autoCloseAfter":null}""");
        Assert.Equal(JsonValueKind.Null, (await cleared.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("autoCloseAfter").ValueKind);
    }

    [Fact]
    public async Task Changing_a_conversations_durations_applies_them_and_null_returns_it_to_the_surfaces_rule()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync("""{"surfaceId":"chat","autoCloseAfter":"P7D"}""")).Id();
        factory.Clock.Advance(TimeSpan.FromSeconds(61));
        await factory.WaitForTicksAsync(id);
        Assert.Equal("open", await StatusAsync(client, id));

        using (var update = await client.PutJsonAsync($"{Conversations}/{id}", """{"autoCloseAfter":"PT90M"}"""))
        {
            var updated = await update.ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal("PT1H30M", updated.GetProperty("autoCloseAfter").GetString());
        }

        factory.Clock.Advance(TimeSpan.FromMinutes(91));
        await WaitForStatusAsync(client, id, "closed");

        using var inherit = await client.PutJsonAsync($"{Conversations}/{id}", """{"autoCloseAfter":null}""");
        var body = await inherit.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("autoCloseAfter").ValueKind);
    }

    [Theory]
    [InlineData("\"PT59S\"")]
    [InlineData("\"P1M\"")]
    [InlineData("\"P1Y\"")]
    [InlineData("\"PT1.5M\"")]
    [InlineData("\"-PT5M\"")]
    [InlineData("\"PT\"")]
    [InlineData("\"30 minutes\"")]
    [InlineData("\"P3651D\"")]
    [InlineData("60")]
    [InlineData("{}")]
    public async Task A_duration_that_is_not_an_ISO_8601_span_of_at_least_a_minute_is_a_400_naming_the_field(string value)
    {
        using var client = factory.ClientFor();
        using (var created = await client.PostJsonAsync(Conversations, $$"""{"surfaceId":"chat","autoCloseAfter":{{value}},"autoArchiveAfter":{{value}}}"""))
        {
            var problem = await created.ExpectProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("autoCloseAfter", out _));
            Assert.True(problem.GetProperty("errors").TryGetProperty("autoArchiveAfter", out _));
        }

        var id = (await client.CreateConversationAsync()).Id();
        using (var updated = await client.PutJsonAsync($"{Conversations}/{id}", $$"""{"autoArchiveAfter":{{value}}}"""))
        {
            var problem = await updated.ExpectProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("autoArchiveAfter", out _));
        }

        using var surface = await client.PutJsonAsync("/v1/messaging/surfaces/bad-durations", $$"""{"name":"n","type":"chat","autoCloseAfter":{{value}}}""");
        var surfaceProblem = await surface.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(surfaceProblem.GetProperty("errors").TryGetProperty("autoCloseAfter", out _));
    }

    [Theory]
    [InlineData("PT1M", "PT1M")]
    [InlineData("PT90M", "PT1H30M")]
    [InlineData("P2W", "P14D")]
    [InlineData("P1DT12H", "P1DT12H")]
    [InlineData("PT86400S", "P1D")]
    [InlineData("P3650D", "P3650D")]
    public async Task Durations_are_stored_and_answered_in_one_canonical_form(string sent, string answered)
    {
        using var client = factory.ClientFor();
        var created = await client.CreateConversationAsync($$"""{"surfaceId":"chat","autoArchiveAfter":"{{sent}}"}""");
        Assert.Equal(answered, created.GetProperty("autoArchiveAfter").GetString());
        using var read = await client.GetAsync($"{Conversations}/{created.Id()}");
        Assert.Equal(answered, (await read.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("autoArchiveAfter").GetString());
    }

    private static async Task<string?> StatusAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"{Conversations}/{id}");
        return (await response.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString();
    }

    private static async Task WaitForStatusAsync(HttpClient client, string id, string status)
    {
        var deadline = DateTime.UtcNow + Patience;
        string? seen;
        while ((seen = await StatusAsync(client, id)) != status && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(status, seen);
    }

    private static async Task<List<JsonElement>> EventsAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/v1/messaging/events?conversationId={id}");
        var page = await response.ExpectJsonAsync(HttpStatusCode.OK);
        return [.. page.GetProperty("data").EnumerateArray()];
    }
}
