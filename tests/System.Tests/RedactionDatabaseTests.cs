using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.System.Tests;

/// <summary>
/// "Gone from storage, not hidden": the real server on PostgreSQL takes a message (with an Idempotency-Key, so grain
/// storage holds a record of the request too), redacts it, and then no row of any table of the database holds its
/// content or a metadata value, as text or as the bytes of a binary payload.
/// </summary>
public sealed class RedactionDatabaseTests
{
    private const string Conversations = "/v1/messaging/conversations";

    [Fact]
    public async Task After_a_redaction_no_table_holds_the_content_or_the_metadata()
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString);
        using var client = api.Client();
        var content = "content-" + Guid.NewGuid().ToString("N");
        var metadata = "metadata-" + Guid.NewGuid().ToString("N");
        var idempotencyKey = "key-" + Guid.NewGuid().ToString("N");

        var conversation = await ReadAsync(await client.PostAsync(Conversations, Json("""{"surfaceId":"email"}""")), HttpStatusCode.Created);
        var path = $"{Conversations}/{conversation.GetProperty("id").GetString()}/messages";
        var body = $$$"""{"content":"{{{content}}}","role":"user","metadata":{"card":"{{{metadata}}}"}}""";
        var message = await ReadAsync(await PostAsync(client, path, body, idempotencyKey), HttpStatusCode.Created);
        await ReadAsync(await PostAsync(client, path, body, idempotencyKey), HttpStatusCode.Created);

        // The search finds what is there: the content in the messages and events, the key in grain storage.
        Assert.Contains("runtype_messages", await TablesHoldingAsync(database, content));
        Assert.Contains("runtype_events", await TablesHoldingAsync(database, metadata));
        Assert.Contains("runtype_orleans_storage", await TablesHoldingAsync(database, idempotencyKey));

        var redacted = await ReadAsync(await client.DeleteAsync($"{path}/{message.GetProperty("id").GetString()}"), HttpStatusCode.OK);
        Assert.Equal("", redacted.GetProperty("content").GetString());
        var replay = await ReadAsync(await PostAsync(client, path, body, idempotencyKey), HttpStatusCode.Created);
        Assert.Equal(redacted.GetRawText(), replay.GetRawText());

        Assert.Empty(await TablesHoldingAsync(database, content));
        Assert.Empty(await TablesHoldingAsync(database, metadata));
    }

    /// <summary>The tables with a row whose text (binary columns as hex) holds <paramref name="needle"/> in UTF-8 or UTF-16.</summary>
    private static async Task<List<string>> TablesHoldingAsync(TestDatabase database, string needle)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var holding = new List<string>();
        foreach (var table in tables)
        {
            await using var search = new NpgsqlCommand(
                $"SELECT count(*) FROM \"{table}\" t WHERE strpos(t::text, @text) > 0 OR strpos(lower(t::text), @utf8) > 0 OR strpos(lower(t::text), @utf16) > 0", connection);
            search.Parameters.AddWithValue("text", needle);
            search.Parameters.AddWithValue("utf8", Convert.ToHexStringLower(Encoding.UTF8.GetBytes(needle)));
            search.Parameters.AddWithValue("utf16", Convert.ToHexStringLower(Encoding.Unicode.GetBytes(needle)));
            if ((long)(await search.ExecuteScalarAsync())! > 0)
            {
                holding.Add(table);
            }
        }

        return holding;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string body, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}
