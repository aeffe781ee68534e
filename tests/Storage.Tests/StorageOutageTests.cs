using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>The database goes away under the real server: writes answer 503 with Retry-After, nothing is half-written, and service resumes by itself.</summary>
public sealed class StorageOutageTests
{
    private const string Conversations = "/v1/messaging/conversations";

    [Fact]
    public async Task Writes_answer_503_during_an_outage_leave_nothing_half_written_and_resume_without_a_restart()
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        var direct = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var proxy = new CuttableProxy(direct.Host!, direct.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 }.ConnectionString;
        await using var api = await ApiProcess.StartAsync(database.Provider, throughProxy);
        using var client = api.Client();

        using var created = await Post(client, Conversations, """{"surfaceId":"sms"}""");
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        using (var first = await Post(client, $"{Conversations}/{id}/messages", """{"content":"before","role":"user"}"""))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        proxy.Cut();
        for (var i = 0; i < 3; i++)
        {
            using var during = await Post(client, $"{Conversations}/{id}/messages", $$"""{"content":"during {{i}}","role":"user"}""");
            var body = await during.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
            Assert.True(during.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without Retry-After");
            Assert.Equal("application/problem+json", during.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("Host=", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SELECT", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        }

        using (var ready = await client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var checks = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
            Assert.Equal("Unhealthy", checks.GetProperty("storage").GetProperty("status").GetString());
            Assert.Equal("Healthy", checks.GetProperty("cluster").GetProperty("status").GetString());
        }

        using (var live = await client.GetAsync("/health/live"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM runtype_messages"));
        Assert.Equal(1L, await database.ScalarAsync("SELECT message_count FROM runtype_conversations"));

        proxy.Restore();
        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using var after = await Post(client, $"{Conversations}/{id}/messages", """{"content":"after","role":"user"}""");
            status = after.StatusCode;
            if (status != HttpStatusCode.Created)
            {
                await Task.Delay(100);
            }
        }
        while (status != HttpStatusCode.Created && clock.Elapsed < TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.Created, status);
        using (var ready = await client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        var messages = JsonDocument.Parse(await client.GetStringAsync($"{Conversations}/{id}/messages")).RootElement;
        Assert.Equal(["before", "after"], messages.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.Equal(2L, await database.ScalarAsync("SELECT message_count FROM runtype_conversations"));
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
}
