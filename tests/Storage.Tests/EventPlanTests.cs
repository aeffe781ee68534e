using System.Text.Json;
using Npgsql;
using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>
/// A read of the feed and a redaction must cost what they touch, not the owner's whole log. On 200,000 events
/// (loaded once, analysed) the statements the store sends are explained as it sends them: a read filtered by
/// conversation seeks that conversation's events, one filtered by types seeks each type's, and a redaction finds the
/// message's event by its id. A sequential scan of the events anywhere fails.
/// </summary>
public sealed class EventPlanTests(EventPlanTests.LargeEventLog large) : IClassFixture<EventPlanTests.LargeEventLog>
{
    private const string Conversation = "conv_00000000000000000000000042";
    private static readonly SqlStatements Statements = new(new PostgresDialect());

    [Fact]
    public async Task A_read_filtered_by_conversation_seeks_its_conversations_events() =>
        await AssertPlanAsync(Statements.ReadEvents("target", new EventQuery(new EventPosition(5, 7), 100, Conversation)), "ix_runtype_events_conversation");

    [Fact]
    public async Task A_read_filtered_by_conversation_and_types_seeks_its_conversations_events() =>
        await AssertPlanAsync(Statements.ReadEvents("target", new EventQuery(new EventPosition(5, 7), 100, Conversation, [EventType.ConversationDeleted])), "ix_runtype_events_conversation");

    [Fact]
    public async Task A_read_filtered_by_types_seeks_each_types_events() =>
        await AssertPlanAsync(
            Statements.ReadEvents("target", new EventQuery(new EventPosition(5, 7), 100, Types: [EventType.ConversationDeleted, EventType.MessageRedacted])),
            "ix_runtype_events_type");

    [Fact]
    public async Task A_redaction_finds_the_messages_event_by_its_id()
    {
        var conversation = new Conversation { Id = Conversation, Owner = "target", Fields = new ConversationFields { SurfaceId = "sms" }, Version = 3, UpdatedAt = DateTime.UtcNow };
        var redacted = new Message
        {
            Id = "msg_00000000000000000000000042", ConversationId = Conversation, Position = 1, Content = "", RedactedAt = DateTime.UtcNow, CreatedAt = DateTime.UtcNow,
        };

        await AssertPlanAsync(Statements.RedactMessage(conversation, redacted, 2, []), "ix_runtype_events_id");
    }

    private async Task AssertPlanAsync(System.Data.Common.DbCommand statement, string index)
    {
        await using var connection = new NpgsqlConnection(large.Database.ConnectionString);
        await connection.OpenAsync();
        await using (statement)
        {
            statement.Connection = connection;
            statement.CommandText = "EXPLAIN (FORMAT JSON) " + statement.CommandText;
            var plan = (string)(await statement.ExecuteScalarAsync())!;
            var nodes = PlanNodes.Of(plan);

            Assert.DoesNotContain(nodes, n => n.GetProperty("Node Type").GetString() == "Seq Scan"
                && n.TryGetProperty("Relation Name", out var table) && table.GetString() == "runtype_events");
            Assert.True(nodes.Any(n => n.TryGetProperty("Index Name", out var name) && name.GetString() == index), $"{index} is not used:\n{plan}");
        }
    }

    /// <summary>200,000 events of two owners over 2,000 conversations, one in a thousand a deletion.</summary>
    public sealed class LargeEventLog : IAsyncLifetime
    {
        public TestDatabase Database { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
            var builder = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { CommandTimeout = 0 };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            await using var load = connection.CreateCommand();
            load.CommandText = """
                INSERT INTO runtype_events (owner, id, conversation_id, type, sequence, created_at, data)
                SELECT CASE WHEN g % 10 = 0 THEN 'other' ELSE 'target' END, 'evt_' || lpad(g::text, 26, '0'),
                       'conv_' || lpad((g % 2000)::text, 26, '0'), CASE WHEN g % 1000 = 0 THEN 3 ELSE 4 END, g,
                       timestamptz '2024-01-01' + g * interval '1 second', '{"id":"msg_' || lpad(g::text, 26, '0') || '","content":"x"}'
                FROM generate_series(1, 200000) AS g;
                ANALYZE runtype_events;
                """;
            await load.ExecuteNonQueryAsync();
        }

        public async Task DisposeAsync() => await Database.DisposeAsync();
    }
}
