using System.Net;
using System.Text;
using System.Text.Json;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.System.Tests;

/// <summary>
/// "An event committed is delivered even if every process is killed": kill -9 the server (API with its co-hosted
/// silo, on PostgreSQL) while a backlog of 1,000 events is being delivered, start it again, and with no new write
/// to wake anything, the reminder in the database resumes the deliveries: every event arrives, each conversation's
/// events first arriving in sequence order.
/// </summary>
public sealed class WebhookCrashTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Webhooks__AllowInsecureTargets"] = "true",
        ["Webhooks__WakeEvery"] = "00:00:03",
        ["Webhooks__FirstRetryDelay"] = "00:00:00.500",
        ["Webhooks__Concurrency"] = "4",
    };

    private static readonly string[] MessageCreated = ["message.created"];

    [Fact]
    public async Task A_kill_in_the_middle_of_a_backlog_of_1000_events_loses_none_after_the_restart()
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        await using var receiver = await WebhookReceiver.StartAsync();
        var open = false;
        receiver.Respond = async (_, _) =>
        {
            if (!Volatile.Read(ref open))
            {
                return 503;
            }

            await Task.Delay(10);
            return 200;
        };

        var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString, settings: Settings);
        var conversations = new List<string>();
        using (var client = api.Client())
        {
            using (var registered = await Post(client, "/v1/messaging/webhooks", JsonSerializer.Serialize(new { url = receiver.Url.ToString(), types = MessageCreated })))
            {
                Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
            }

            for (var i = 0; i < 10; i++)
            {
                using var created = await Post(client, "/v1/messaging/conversations", """{"surfaceId":"sms"}""");
                conversations.Add(JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
            }

            // The backlog: 1,000 messages while the receiver refuses, so they queue in the log behind ten waiting heads.
            await Task.WhenAll(conversations.Select(async id =>
            {
                for (var n = 0; n < 100; n++)
                {
                    using var posted = await Post(client, $"/v1/messaging/conversations/{id}/messages", $$"""{"content":"m{{n}}","role":"user"}""");
                    Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
                }
            }));
        }

        Volatile.Write(ref open, true);
        await receiver.WaitForAsync(r => r.Count(w => w.Answered == 200) >= 150, TimeSpan.FromSeconds(60));
        api.Kill();
        var deliveredBeforeKill = receiver.Delivered.Select(w => w.EventId).Distinct().Count();
        Assert.True(deliveredBeforeKill < 1000, $"all {deliveredBeforeKill} were delivered before the kill");

        await using var restarted = await ApiProcess.StartAsync(database.Provider, database.ConnectionString, settings: Settings);
        await receiver.WaitForAsync(r => r.Where(w => w.Answered == 200).Select(w => w.EventId).Distinct().Count() >= 1000, TimeSpan.FromSeconds(90));

        foreach (var id in conversations)
        {
            var firstArrivals = receiver.Delivered.Where(w => w.Event.GetProperty("conversationId").GetString() == id)
                .Select(w => w.Event.GetProperty("sequence").GetInt64()).Distinct().ToList();
            Assert.Equal(Enumerable.Range(2, 100).Select(n => (long)n), firstArrivals);
        }
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
}
