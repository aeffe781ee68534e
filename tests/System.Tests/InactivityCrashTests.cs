using System.Net;
using System.Text;
using System.Text.Json;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.System.Tests;

/// <summary>
/// "Timers survive restarts and silo crashes": a conversation with a one-minute close timer, the server (API with its
/// co-hosted silo, on PostgreSQL) killed with SIGKILL right after, started again; the reminder kept in the database
/// closes the conversation on time, with nothing else touching it. Real time, real processes.
/// </summary>
public sealed class InactivityCrashTests
{
    private static readonly Dictionary<string, string> Settings = new() { ["Inactivity__CheckEvery"] = "00:00:05" };

    [Fact]
    public async Task A_timer_set_before_a_kill_closes_its_conversation_after_the_restart()
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString, settings: Settings);
        JsonElement created;
        using (var client = api.Client())
        {
            using var response = await client.PostAsync(
                "/v1/messaging/conversations", new StringContent("""{"surfaceId":"chat","autoCloseAfter":"PT1M"}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            created = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }

        api.Kill();
        await using var restarted = await ApiProcess.StartAsync(database.Provider, database.ConnectionString, settings: Settings);
        using var reader = restarted.Client();
        var id = created.GetProperty("id").GetString();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        JsonElement conversation;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            using var response = await reader.GetAsync($"/v1/messaging/conversations/{id}");
            conversation = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }
        while (conversation.GetProperty("status").GetString() != "closed" && DateTime.UtcNow < deadline);

        Assert.Equal("closed", conversation.GetProperty("status").GetString());
        using var feed = await reader.GetAsync($"/v1/messaging/events?conversationId={id}");
        var events = JsonDocument.Parse(await feed.Content.ReadAsStringAsync()).RootElement.GetProperty("data").EnumerateArray().ToList();
        var closing = Assert.Single(events, e => e.GetProperty("type").GetString() == "conversation.updated");
        Assert.Equal("inactivity", closing.GetProperty("reason").GetString());

        // Not before its minute was up, and (the reminder's period being 5 s) well within a minute after.
        var due = created.GetProperty("updatedAt").GetDateTimeOffset() + TimeSpan.FromMinutes(1);
        var closedAt = closing.GetProperty("createdAt").GetDateTimeOffset();
        Assert.InRange(closedAt, due, due + TimeSpan.FromSeconds(60));
    }
}
