using System.Data;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>
/// Listing must be an indexed query whose cost does not grow with conversations that do not match. On a table
/// of 300,000 conversations (bulk-loaded, analysed) every query shape the listing sends is explained, planned
/// with its values (a custom plan) and without them (the generic plan PostgreSQL may settle on for a statement
/// Npgsql prepared). Either plan must seek on every filter present, and on the cursor key, through the index that
/// covers the most of them: a scan of a wider index that checks a filter row by row fails, and so does a
/// sequential scan.
/// </summary>
public sealed partial class ListingPlanTests(LargeListingDatabase large) : IClassFixture<LargeListingDatabase>
{
    private const string TheKey = "conv_00000000000000000000015180";

    // The filter columns each listing index seeks on after the owner.
    private static readonly Dictionary<string, string[]> IndexFilters = new(StringComparer.Ordinal)
    {
        ["ix_runtype_conversations_recent"] = [],
        ["ix_runtype_conversations_status"] = ["status"],
        ["ix_runtype_conversations_surface"] = ["surface_id", "status"],
        ["ix_runtype_conversations_surface_recent"] = ["surface_id"],
        ["ix_runtype_conversations_email"] = ["participant_email"],
        ["ix_runtype_conversations_external_thread"] = ["external_thread_id"],
    };

    // The filter columns the totals' primary key seeks on after the owner.
    private static readonly string[] TotalsFilters = ["surface_id", "status"];

    // The parameters in the order of the positional form, typed as Npgsql sends them.
    private static readonly string[] ParameterNames = ["owner", "surface_id", "status", "external_thread_id", "participant_email", "key_updated_at", "key_id", "from_updated_at", "from_id", "take"];
    private const string ParameterTypes = "text, text, smallint, text, text, timestamptz, text, timestamptz, text, integer";

    private readonly TestDatabase _database = large.Database;

    public static TheoryData<string, string?, short?, string?, string?, bool, bool> Shapes => new()
    {
        // query, surfaceId, status, externalThreadId, participantEmail, with a cursor key, the key inclusive (the
        // look past a page's key for a page on its other side, SqlStatements.ListPage)
        { "ListOlder", null, null, null, null, false, false },
        { "ListOlder", null, null, null, null, true, false },
        { "ListOlder", null, (short)1, null, null, true, false },
        { "ListOlder", "surface-3", null, null, null, true, false },
        { "ListOlder", "surface-3", (short)0, null, null, false, false },
        { "ListOlder", "surface-3", (short)0, null, null, true, false },
        { "ListOlder", null, null, null, "p42@example.com", false, false },
        { "ListOlder", null, null, "thread-42", null, true, false },
        { "ListNewer", null, null, null, null, true, false },
        { "ListNewer", null, (short)1, null, null, true, false },
        { "ListNewer", "surface-3", (short)2, null, null, true, false },
        { "ListNewer", null, null, null, "p42@example.com", true, false },
        { "ListNewer", null, null, null, null, true, true },
        { "ListNewer", null, (short)1, null, null, true, true },
        { "ListNewer", "surface-3", (short)2, null, null, true, true },
        { "ListNewer", null, null, "thread-42", null, true, true },
        { "ListOlder", null, null, null, null, true, true },
        { "ListOlder", "surface-3", null, null, null, true, true },
        { "ListOlder", null, null, null, "p42@example.com", true, true },
        { "CountConversations", null, null, null, null, false, false },
        { "CountConversations", "surface-3", (short)0, null, null, false, false },
        { "CountConversations", null, (short)1, null, null, false, false },
        { "CountConversations", "surface-3", null, null, null, false, false },
        { "CountConversations", null, null, "thread-42", null, false, false },
        { "CountConversationTotals", null, null, null, null, false, false },
        { "CountConversationTotals", "surface-3", (short)0, null, null, false, false },
        { "CountConversationTotals", null, (short)1, null, null, false, false },
        { "CountConversationTotals", "surface-3", null, null, null, false, false },
    };

    [Theory, MemberData(nameof(Shapes))]
    public async Task Every_listing_query_seeks_on_its_filters_when_planned_with_its_values(
        string query, string? surfaceId, short? status, string? threadId, string? email, bool withKey, bool inclusive)
    {
        await using var connection = await OpenAsync();
        await using var command = Statement(connection, query, surfaceId, status, threadId, email, withKey, inclusive);
        command.CommandText = "EXPLAIN (FORMAT JSON) " + command.CommandText;

        var plan = (string)(await command.ExecuteScalarAsync())!;

        AssertSeeksOnFilters(plan, command, query);
    }

    [Theory, MemberData(nameof(Shapes))]
    public async Task Every_listing_query_seeks_on_its_filters_in_a_generic_plan(
        string query, string? surfaceId, short? status, string? threadId, string? email, bool withKey, bool inclusive)
    {
        await using var connection = await OpenAsync();
        await using var statement = Statement(connection, query, surfaceId, status, threadId, email, withKey, inclusive);
        // What Npgsql's automatic preparation does, in SQL: the statement prepared once with typed positional
        // parameters, then executed; force_generic_plan takes the choice PostgreSQL makes after five runs.
        var positional = Placeholder().Replace(statement.CommandText, m => "$" + (Array.IndexOf(ParameterNames, m.Groups["name"].Value) + 1));
        var arguments = string.Join(", ", ParameterNames.Select(n => Literal(statement.Parameters[n].Value)));
        await ExecuteAsync(connection, "SET plan_cache_mode = force_generic_plan");
        await ExecuteAsync(connection, $"PREPARE listing ({ParameterTypes}) AS {positional}");
        await using var explain = connection.CreateCommand();
        explain.CommandText = $"EXPLAIN (FORMAT JSON) EXECUTE listing ({arguments})";

        var plan = (string)(await explain.ExecuteScalarAsync())!;

        // Only a generic plan shows the parameters themselves where the values would be.
        Assert.Contains("$1", plan, StringComparison.Ordinal);
        AssertSeeksOnFilters(plan, statement, query);
    }

    /// <summary>The statement the store sends for this shape, with the parameters it binds.</summary>
    private NpgsqlCommand Statement(
        NpgsqlConnection connection, string query, string? surfaceId, short? status, string? threadId, string? email, bool withKey, bool inclusive)
    {
        var key = withKey ? new DateTime(2024, 1, 2, 12, 0, 0, DateTimeKind.Utc) : (DateTime?)null;
        var dialect = _database.Dialect;
        var command = connection.CreateCommand();
        command.CommandText = dialect.Query(query);
        command.Parameters.Add(dialect.Parameter("owner", "target", DbType.String));
        command.Parameters.Add(dialect.Parameter("surface_id", surfaceId, DbType.String));
        command.Parameters.Add(dialect.Parameter("status", status, DbType.Int16));
        command.Parameters.Add(dialect.Parameter("external_thread_id", threadId, DbType.String));
        command.Parameters.Add(dialect.Parameter("participant_email", email, DbType.String));
        command.Parameters.Add(dialect.Parameter("key_updated_at", inclusive ? null : key, DbType.DateTime));
        command.Parameters.Add(dialect.Parameter("key_id", withKey && !inclusive ? TheKey : null, DbType.AnsiString));
        command.Parameters.Add(dialect.Parameter("from_updated_at", inclusive ? key : null, DbType.DateTime));
        command.Parameters.Add(dialect.Parameter("from_id", withKey && inclusive ? TheKey : null, DbType.AnsiString));
        command.Parameters.Add(dialect.Parameter("take", 51, DbType.Int32));
        ListingQueries.Shape(command);
        return command;
    }

    /// <summary>
    /// The plan reads one of our listing indexes that seeks on as many of the filters present as any of them can,
    /// with each of those filters (and the cursor key) in its index condition, not in a row-by-row filter. A count
    /// needs no order, so the primary key (owner, id) serves it as well when no filter is present.
    /// </summary>
    private static void AssertSeeksOnFilters(string plan, NpgsqlCommand statement, string query)
    {
        if (query == "CountConversationTotals")
        {
            AssertReadsTotals(plan, statement);
            return;
        }

        var keyed = (statement.Parameters["key_updated_at"].Value is not DBNull || statement.Parameters["from_updated_at"].Value is not DBNull)
            && query != "CountConversations";
        var indexes = query == "CountConversations"
            ? IndexFilters.Append(new("pk_runtype_conversations", [])).ToDictionary(StringComparer.Ordinal)
            : IndexFilters;
        var present = IndexFilters.Values.SelectMany(f => f).Distinct()
            .Where(column => statement.Parameters[column].Value is not DBNull)
            .ToList();
        var best = IndexFilters.Values.Max(filters => filters.Count(present.Contains));
        var nodes = PlanNodes.Of(plan);

        Assert.DoesNotContain(nodes, n => n.GetProperty("Node Type").GetString() == "Seq Scan");
        Assert.True(
            nodes.Any(n => n.TryGetProperty("Index Name", out var name)
                && indexes.TryGetValue(name.GetString()!, out var filters)
                && filters.Count(present.Contains) == best
                && n.TryGetProperty("Index Cond", out var condition)
                && filters.Where(present.Contains).Append(keyed ? "updated_at" : "owner")
                    .All(column => condition.GetString()!.Contains(column, StringComparison.Ordinal))),
            $"No listing index seeks on [{string.Join(", ", present)}]{(keyed ? " and the key" : "")}:\n{plan}");
    }

    /// <summary>
    /// A total without a thread or e-mail filter reads the owner's totals (migration 0011) through their primary
    /// key, seeking on the owner and each filter present, and reads no conversation at all: its cost does not grow
    /// with the conversations it counts.
    /// </summary>
    private static void AssertReadsTotals(string plan, NpgsqlCommand statement)
    {
        var present = TotalsFilters.Where(column => statement.Parameters[column].Value is not DBNull).Append("owner");
        var nodes = PlanNodes.Of(plan);

        Assert.DoesNotContain(nodes, n => n.GetProperty("Node Type").GetString() == "Seq Scan");
        Assert.DoesNotContain(nodes, n => n.TryGetProperty("Relation Name", out var name) && name.GetString() == "runtype_conversations");
        Assert.True(
            nodes.Any(n => n.TryGetProperty("Index Name", out var name) && name.GetString() == "pk_runtype_conversation_totals"
                && n.TryGetProperty("Index Cond", out var condition)
                && present.All(column => condition.GetString()!.Contains(column, StringComparison.Ordinal))),
            $"The totals' primary key is not sought on [{string.Join(", ", present)}]:\n{plan}");
    }

    private static string Literal(object? value) => value switch
    {
        DBNull or null => "NULL",
        string text => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
        DateTime time => "'" + time.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + "+00'",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"No literal for {value.GetType()}", nameof(value)),
    };

    private async Task<NpgsqlConnection> OpenAsync()
    {
        // Unpooled: the prepared statement and the session setting end with the connection.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex(@"@(?<name>\w+)")]
    private static partial Regex Placeholder();
}
