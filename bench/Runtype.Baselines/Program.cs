using System.Text.Json;
using Npgsql;

// Two baselines for bench/, selected by --mode:
//   ceiling  the HTTP ceiling: parses the same create-message JSON and answers 201, storing nothing; and answers
//            a list of 100 messages with a body shaped and sized like the product's, built once at start;
//   crud     a plain CRUD service as a user would write it without actors: one Npgsql transaction per message
//            (counter update + insert) and every read from the database. No auth, no validation beyond shape.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var mode = builder.Configuration["mode"] ?? "ceiling";
var app = builder.Build();

if (mode == "ceiling")
{
    app.MapPost("/v1/messaging/conversations/{id}/messages", async (string id, HttpRequest request) =>
    {
        using var body = await JsonDocument.ParseAsync(request.Body);
        var content = body.RootElement.GetProperty("content").GetString();
        var role = body.RootElement.GetProperty("role").GetString();
        return Results.Json(new { id = "msg_baseline", conversationId = id, role, direction = "inbound", content, createdAt = DateTime.UtcNow }, statusCode: 201);
    });
    var page = JsonSerializer.SerializeToUtf8Bytes(new
    {
        data = Enumerable.Range(0, 100).Select(i => new
        {
            id = $"msg_01KBASELINE{i:D14}",
            conversationId = "conv_01KBASELINE00000000000000",
            role = "user",
            direction = "inbound",
            content = "Hello, I need help with my account settings.",
            externalMessageId = (string?)null,
            flowStepResultId = (string?)null,
            metadata = new { },
            createdAt = "2026-12-03T10:00:00.000Z",
            redactedAt = (string?)null,
        }),
        totalCount = 100_000,
        nextCursor = new string('c', 120),
    }, new JsonSerializerOptions(JsonSerializerDefaults.Web));
    app.MapGet("/v1/messaging/conversations/{id}/messages", (string id) => Results.Bytes(page, "application/json; charset=utf-8"));
}
else
{
    var dataSource = NpgsqlDataSource.Create(builder.Configuration["connection"] ?? throw new InvalidOperationException("--connection is required in crud mode"));
    await using (var setup = dataSource.CreateCommand("""
        CREATE TABLE IF NOT EXISTS crud_conversations (id text PRIMARY KEY, message_count bigint NOT NULL, updated_at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS crud_messages (conversation_id text NOT NULL, position bigint NOT NULL, id text NOT NULL,
            role text NOT NULL, content text NOT NULL, created_at timestamptz NOT NULL, PRIMARY KEY (conversation_id, position));
        """))
    {
        await setup.ExecuteNonQueryAsync();
    }

    app.MapPost("/v1/messaging/conversations", async () =>
    {
        var id = "conv_" + Guid.NewGuid().ToString("N");
        await using var insert = dataSource.CreateCommand("INSERT INTO crud_conversations VALUES ($1, 0, now())");
        insert.Parameters.AddWithValue(id);
        await insert.ExecuteNonQueryAsync();
        return Results.Json(new { id }, statusCode: 201);
    });
    app.MapPost("/v1/messaging/conversations/{id}/messages", async (string id, HttpRequest request) =>
    {
        using var body = await JsonDocument.ParseAsync(request.Body);
        var content = body.RootElement.GetProperty("content").GetString()!;
        var role = body.RootElement.GetProperty("role").GetString()!;
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var counter = new NpgsqlCommand("UPDATE crud_conversations SET message_count = message_count + 1, updated_at = now() WHERE id = $1 RETURNING message_count", connection, transaction);
        counter.Parameters.AddWithValue(id);
        if (await counter.ExecuteScalarAsync() is not long position)
        {
            return Results.NotFound();
        }

        var messageId = "msg_" + Guid.NewGuid().ToString("N");
        await using var insert = new NpgsqlCommand("INSERT INTO crud_messages VALUES ($1, $2, $3, $4, $5, now())", connection, transaction);
        insert.Parameters.AddWithValue(id);
        insert.Parameters.AddWithValue(position);
        insert.Parameters.AddWithValue(messageId);
        insert.Parameters.AddWithValue(role);
        insert.Parameters.AddWithValue(content);
        await insert.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return Results.Json(new { id = messageId, conversationId = id, role, content, position }, statusCode: 201);
    });
    app.MapGet("/v1/messaging/conversations/{id}/messages", async (string id, int? limit) =>
    {
        await using var select = dataSource.CreateCommand(
            "SELECT id, role, content, created_at FROM crud_messages WHERE conversation_id = $1 ORDER BY position LIMIT $2");
        select.Parameters.AddWithValue(id);
        select.Parameters.AddWithValue(limit ?? 100);
        var messages = new List<object>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            messages.Add(new { id = reader.GetString(0), conversationId = id, role = reader.GetString(1), content = reader.GetString(2), createdAt = reader.GetDateTime(3) });
        }

        return Results.Json(new { data = messages });
    });
}

await app.RunAsync();
