using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Static.Tests.TSql;

/// <summary>
/// No SQL Server runs here, so every statement the store sends to one is bound against the schema the SQL Server
/// migrations create, statically: the commands are built by the store's own <see cref="SqlStatements"/> (with
/// SqlClient's parameters, as the store would send them) and their text is read with ScriptDom. It checks what a
/// server would only show at run time, or never: a name that does not exist, a parameter bound but unused or used
/// but unbound, a parameter whose type differs from its column's (a legacy <c>datetime</c> against
/// <c>datetime2</c>, <c>nvarchar</c> against <c>varchar</c>), a column too short for its field in UTF-16 units,
/// and a text equality that SQL Server's trailing-space padding would loosen.
/// </summary>
public sealed class TSqlBinderTests
{
    private static readonly TSqlSchema Schema = TSqlSchema.FromMigrations();
    private static readonly SqlStatements Statements = new(new SqlServerDialect());

    private static readonly Conversation Sample = new()
    {
        Owner = "owner",
        Id = Identifiers.NewConversationId(),
        Fields = new ConversationFields
        {
            SurfaceId = "email", Subject = "s", ParticipantName = "n", ParticipantEmail = "a@example.com", ExternalParticipantId = "p",
            ExternalThreadId = "t", Timezone = "Europe/Paris",
        },
        MessageCount = 1,
        LastMessageAt = DateTime.UtcNow,
        CreatedAt = DateTime.UtcNow,
        UpdatedAt = DateTime.UtcNow,
        Version = 2,
    };

    private static readonly Message SampleMessage = new()
    {
        Id = Identifiers.NewMessageId(), ConversationId = Sample.Id, Position = 1, Content = "c", ExternalMessageId = "e",
        FlowStepResultId = "f", CreatedAt = DateTime.UtcNow,
    };

    private static readonly ConversationEvent[] SampleEvents =
    [
        new()
        {
            Id = "evt_" + Identifiers.NewUlid(), Type = EventType.MessageCreated, CreatedAt = DateTime.UtcNow, Owner = Sample.Owner,
            ConversationId = Sample.Id, Sequence = 2, Data = "{}", PreviousAttributes = "{}", TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        },
    ];

    private static readonly ConversationFilter AllFilters = new("email", ConversationStatus.Open, "t", "a@example.com");

    private static readonly Dictionary<string, Func<DbCommand>> Built = new(StringComparer.Ordinal)
    {
        ["FindConversation"] = () => Statements.FindConversation(Sample.Owner, Sample.Id),
        ["InsertConversation"] = () => Statements.InsertConversation(Sample, SampleEvents),
        ["UpdateConversation"] = () => Statements.UpdateConversation(Sample, 1, SampleEvents),
        ["DeleteConversation"] = () => Statements.DeleteConversation(Sample.Owner, Sample.Id, 1, SampleEvents),
        ["FindThreadHolder"] = () => Statements.FindThreadHolder(Sample),
        ["RedactMessage"] = () => Statements.RedactMessage(Sample, SampleMessage with { Content = "", Metadata = "{}", RedactedAt = DateTime.UtcNow }, 1, SampleEvents),
        ["RecordDelivery"] = () => Statements.RecordDelivery(Sample, SampleMessage with { Delivery = new MessageDelivery { Status = DeliveryStatus.Sent, Attempts = 1 } }, 1, SampleEvents),
        ["FindByExternalMessageIds"] = () => Statements.FindByExternalMessageIds(Sample.Owner, "email", ["e1", "e1 "]),
        ["AppendMessages"] = () => Statements.AppendMessages(
            Sample, [SampleMessage, SampleMessage with { Id = Identifiers.NewMessageId(), Position = 2, ExternalMessageId = null }], 1, SampleEvents, probeIds: true),
        ["ReadEvents"] = () => Statements.ReadEvents(Sample.Owner, new EventQuery(new EventPosition(5, 0), 10, Sample.Id, [EventType.MessageCreated])),
        ["ReadEventsOfTypes"] = () => Statements.ReadEvents(Sample.Owner, new EventQuery(new EventPosition(5, 0), 10, Types: [EventType.MessageCreated, EventType.ConversationDeleted])),
        ["LatestEvent"] = () => Statements.LatestEvent(Sample.Owner),
        ["PurgeEvents"] = () => Statements.PurgeEvents(DateTime.UtcNow, 1000),
        ["DeleteExpiredGrainState"] = () => Statements.DeleteExpiredGrainState("idempotency", DateTime.UtcNow, 1000),
        ["FindExistingMessage"] = () => Statements.FindExistingMessage(SampleMessage),
        ["FindMessage"] = () => Statements.FindMessage(Sample.Id, SampleMessage.Id),
        ["ReadMessagesAfter"] = () => Statements.ReadMessages(Sample.Id, new MessageQuery(10, Descending: false, After: 3)),
        ["ReadMessagesBefore"] = () => Statements.ReadMessages(Sample.Id, new MessageQuery(10, Descending: true, After: 3)),
        ["ListOlder"] = () => Statements.ListConversations("ListOlder", Sample.Owner, AllFilters, ConversationSortKey.Of(Sample), 10),
        ["ListNewer"] = () => Statements.ListConversations("ListNewer", Sample.Owner, AllFilters, ConversationSortKey.Of(Sample), 10),
        ["CountConversations"] = () => Statements.CountConversations(Sample.Owner, AllFilters),
        ["CountConversationTotals"] = () => Statements.CountConversations(Sample.Owner, AllFilters with { ExternalThreadId = null, ParticipantEmail = null }),
        ["SearchMessages"] = () => Statements.SearchMessages(Sample.Owner, SearchStatementTests.Shapes["every filter and a key"], 21),
        ["ReadDataProtectionKeys"] = () => Statements.ReadDataProtectionKeys(),
        ["StoreDataProtectionKey"] = () => Statements.StoreDataProtectionKey("key-" + Guid.NewGuid().ToString("D"), "<key id=\"x\" version=\"1\" />"),
        ["LockKeyRing"] = () => Statements.LockKeyRing(),
    };

    // Statements the migration runner sends, which take no parameters from the store.
    private static readonly string[] RunnerStatements = ["AcquireMigrationLock", "ReleaseMigrationLock", "CreateMigrationsTable", "ListMigrations", "RecordMigration", "MigrationsTableExists"];

    // Statements that read the server's own catalog views, which no migration creates, bound by a test of their own.
    private static readonly string[] BoundApart = ["PrepareSearch"];

    // Text columns whose values can never end in a space, so SQL Server's padded "=" is exact for them: ids are
    // server-made ULIDs, owners are refused with surrounding white space at start-up, migration names are ours, key
    // ring names are Data Protection's (key-<guid>), and padded as the column's primary key compares them.
    private static readonly HashSet<string> ExactByFormat = new(StringComparer.OrdinalIgnoreCase) { "id", "conversation_id", "owner", "name", "friendly_name" };

    // Each text column that holds an API field, and the field's limit in characters (FieldLimits).
    private static readonly Dictionary<string, int> FieldColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["runtype_conversations.surface_id"] = FieldLimits.SurfaceId,
        ["runtype_conversations.subject"] = FieldLimits.Subject,
        ["runtype_conversations.participant_name"] = FieldLimits.ParticipantName,
        ["runtype_conversations.participant_email"] = FieldLimits.ParticipantEmail,
        ["runtype_conversations.external_participant_id"] = FieldLimits.ExternalParticipantId,
        ["runtype_conversations.external_thread_id"] = FieldLimits.ExternalThreadId,
        ["runtype_conversations.timezone"] = FieldLimits.Timezone,
        ["runtype_messages.external_message_id"] = FieldLimits.ExternalMessageId,
        ["runtype_messages.flow_step_result_id"] = FieldLimits.FlowStepResultId,
        ["runtype_messages.content"] = FieldLimits.Content,
    };

    public static TheoryData<string> StatementNames => [.. Built.Keys];

    public static TheoryData<string> FieldColumnNames => [.. FieldColumns.Keys];

    [Fact]
    public void Every_shipped_query_is_bound_here_or_apart_or_run_by_the_migration_runner()
    {
        var shipped = SqlResources.Names("sqlserver/queries/").Select(Path.GetFileNameWithoutExtension);
        Assert.Empty(shipped.Except(Built.Keys).Except(RunnerStatements).Except(BoundApart));
    }

    [Theory, MemberData(nameof(StatementNames))]
    public void Every_statement_is_the_query_it_is_listed_under(string name)
    {
        using var command = Built[name]();

        Assert.Equal(new SqlServerDialect().Query(name), command.CommandText);
    }

    [Theory, MemberData(nameof(StatementNames))]
    public void Every_table_and_column_a_statement_names_exists(string name)
    {
        using var command = Built[name]();
        var binding = TSqlBinding.Of(command.CommandText);

        Assert.All(binding.Tables, table => Assert.True(Schema.HasTable(table), $"{name}: no table {table}"));
        Assert.All(binding.Columns, column => Assert.True(
            binding.Tables.Any(table => Schema.Column(table, column) is not null), $"{name}: no column {column} in {string.Join(", ", binding.Tables)}"));
    }

    /// <summary>Stricter than the check above for what a statement writes: each column it inserts or sets is in that table.</summary>
    [Theory, MemberData(nameof(StatementNames))]
    public void Every_column_a_statement_writes_is_in_the_table_it_writes(string name)
    {
        using var command = Built[name]();
        var binding = TSqlBinding.Of(command.CommandText);

        Assert.All(binding.Written, written => Assert.True(
            Schema.Column(written.Table, written.Column) is not null, $"{name}: writes {written.Column}, which {written.Table} does not have"));
    }

    [Theory, MemberData(nameof(StatementNames))]
    public void Every_statement_binds_exactly_the_parameters_its_text_uses(string name)
    {
        using var command = Built[name]();
        var binding = TSqlBinding.Of(command.CommandText);
        var bound = command.Parameters.Cast<DbParameter>().Select(p => "@" + p.ParameterName.TrimStart('@')).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Empty(binding.Parameters.Except(bound, StringComparer.OrdinalIgnoreCase));
        Assert.Empty(bound.Except(binding.Parameters, StringComparer.OrdinalIgnoreCase));
    }

    [Theory, MemberData(nameof(StatementNames))]
    public void Every_parameter_has_the_type_of_the_columns_it_meets(string name)
    {
        using var command = Built[name]();
        var binding = TSqlBinding.Of(command.CommandText);
        var parameters = command.Parameters.Cast<SqlParameter>().ToDictionary(p => "@" + p.ParameterName.TrimStart('@'), StringComparer.OrdinalIgnoreCase);

        foreach (var (columnName, variable, how) in binding.Pairs.Where(p => parameters.ContainsKey(p.Variable)))
        {
            var column = binding.Tables.Select(t => Schema.Column(t, columnName)).First(c => c is not null)!;
            var sent = parameters[variable].SqlDbType;
            Assert.True(column.Accepts(sent), $"{name}: {variable} is sent as {sent} but meets {column.Table}.{column.Name} ({column.Type}) by '{how}'");
        }
    }

    [Theory, MemberData(nameof(StatementNames))]
    public void Text_equality_is_exact_although_SQL_Server_pads_trailing_spaces(string name)
    {
        using var command = Built[name]();
        var binding = TSqlBinding.Of(command.CommandText);

        foreach (var (columnName, variable, _) in binding.Pairs.Where(p => p.How == "="))
        {
            var column = binding.Tables.Select(t => Schema.Column(t, columnName)).First(c => c is not null)!;
            if (column.Type is "nvarchar" or "varchar" or "nchar" or "char" && !ExactByFormat.Contains(column.Name))
            {
                Assert.True(binding.LengthChecked.Contains((columnName, variable)),
                    $"{name}: {column.Name} = {variable} also matches values that differ only in trailing spaces; compare DATALENGTH too, or a hash of the exact bytes");
            }
        }
    }

    [Theory, MemberData(nameof(FieldColumnNames))]
    public void Every_text_column_holds_its_field_at_the_API_limit(string tableAndColumn)
    {
        var parts = tableAndColumn.Split('.');
        var column = Schema.Column(parts[0], parts[1]);
        var limit = FieldColumns[tableAndColumn];

        Assert.NotNull(column);
        // The API counts characters; nvarchar(n) counts UTF-16 units, two for a character outside the BMP.
        // varchar is only for fields the API keeps to ASCII (an IANA zone id), one byte each.
        var units = column.Type switch
        {
            "nvarchar" => column.Length,
            "varchar" => column.Length,
            _ => throw new InvalidOperationException($"{tableAndColumn} is {column.Type}"),
        };
        var needed = column.Type == "nvarchar" ? 2L * limit : limit;
        Assert.True(units == -1 || units >= needed, $"{tableAndColumn} is {column.Type}({column.Length}); a field of {limit} characters needs {needed}");
    }

    /// <summary>
    /// The events of a write travel as one table-valued parameter: its rows as SqlClient sends them must be the
    /// migration's table type column for column, and each column the type of the column it fills: in runtype_events,
    /// or for data in runtype_event_data (0012), which holds nothing else.
    /// </summary>
    [Fact]
    public void The_event_rows_parameter_matches_its_table_type_and_the_events_table()
    {
        using var command = Built["AppendMessages"]();
        var events = command.Parameters.Cast<SqlParameter>().Single(p => p.ParameterName.TrimStart('@') == "events");
        var sent = ((IEnumerable<Microsoft.Data.SqlClient.Server.SqlDataRecord>)events.Value).First();
        var type = Schema.Columns(events.TypeName.Split('.')[^1]);

        Assert.Equal(type.Select(c => c.Name), Enumerable.Range(0, sent.FieldCount).Select(sent.GetName));
        for (var i = 0; i < sent.FieldCount; i++)
        {
            var metadata = sent.GetSqlMetaData(i);
            var column = type[i];
            var target = Schema.Column("runtype_events", column.Name) ?? Schema.Column("runtype_event_data", column.Name);
            Assert.True(column.Accepts(metadata.SqlDbType), $"{column.Name} is sent as {metadata.SqlDbType}, the type says {column.Type}");
            Assert.True(column.Type == "nvarchar" || column.Type == "varchar" ? metadata.MaxLength == column.Length : true, $"{column.Name} is sent {metadata.MaxLength} long, the type says {column.Length}");
            Assert.Equal((column.Type, column.Length), (target?.Type, target?.Length));
        }

        Assert.Equal(["id", "data"], Schema.Columns("runtype_event_data").Select(c => c.Name));
        Assert.Null(Schema.Column("runtype_events", "data"));
        Assert.Equal(Schema.Column("runtype_events", "id")! with { Table = "" }, Schema.Column("runtype_event_data", "id")! with { Table = "" });
    }

    /// <summary>
    /// An append's messages travel as one table-valued parameter (migration 0009), whether one post or a history batch:
    /// its rows as SqlClient sends them must be the table type column for column, and each column the type and length
    /// of the runtype_messages column it fills.
    /// </summary>
    [Fact]
    public void The_message_rows_parameter_matches_its_table_type_and_the_messages_table()
    {
        using var command = Built["AppendMessages"]();
        var messages = command.Parameters.Cast<SqlParameter>().Single(p => p.ParameterName.TrimStart('@') == "messages");
        var rows = ((IEnumerable<Microsoft.Data.SqlClient.Server.SqlDataRecord>)messages.Value).ToList();
        var type = Schema.Columns(messages.TypeName.Split('.')[^1]);

        Assert.Equal(SqlDbType.Structured, messages.SqlDbType);
        Assert.Equal(2, rows.Count);
        Assert.Equal(type.Select(c => c.Name), Enumerable.Range(0, rows[0].FieldCount).Select(rows[0].GetName));
        for (var i = 0; i < rows[0].FieldCount; i++)
        {
            var metadata = rows[0].GetSqlMetaData(i);
            var column = type[i];
            var target = Schema.Column("runtype_messages", column.Name);
            Assert.True(column.Accepts(metadata.SqlDbType), $"{column.Name} is sent as {metadata.SqlDbType}, the type says {column.Type}");
            Assert.True(column.Type == "nvarchar" || column.Type == "varchar" ? metadata.MaxLength == column.Length : true, $"{column.Name} is sent {metadata.MaxLength} long, the type says {column.Length}");
            Assert.Equal((column.Type, column.Length), (target?.Type, target?.Length));
        }
    }

    public static TheoryData<string> MappedTables => ["runtype_messages", "runtype_conversations"];

    /// <summary>
    /// Every column of a table's map (MessageColumns, ConversationColumns: what the statements select, write and read)
    /// is a column of that table as the migrations leave it, of the type and length the map sends: a column added to a
    /// map needs its migration.
    /// </summary>
    [Theory, MemberData(nameof(MappedTables))]
    public void Every_column_of_a_table_map_is_in_its_table_as_the_map_types_it(string table)
    {
        var mapped = table == "runtype_messages"
            ? MessageColumns.Row.Select(c => c.SqlServer)
            : ConversationColumns.Inserted.Select(c => c.SqlServer);

        Assert.All(mapped, sent =>
        {
            var column = Schema.Column(table, sent.Name);
            Assert.True(column is not null, $"{table} has no column {sent.Name}");
            Assert.True(column.Accepts(sent.SqlDbType), $"{sent.Name} is mapped as {sent.SqlDbType}, the table says {column.Type}");
            Assert.True(column.Type is not ("nvarchar" or "varchar" or "binary") || sent.MaxLength == column.Length, $"{sent.Name} is mapped {sent.MaxLength} long, the table says {column.Length}");
        });
    }
}
