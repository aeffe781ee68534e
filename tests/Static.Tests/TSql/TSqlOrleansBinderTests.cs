using System.Data;
using System.Data.Common;
using System.Reflection;
using Microsoft.Data.SqlClient;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Orleans.Configuration;
using Runtype.Testing;

namespace Runtype.Static.Tests.TSql;

/// <summary>
/// The reminder queries stored in dbo.OrleansQuery (migration 0007), bound against the SQL Server schema without a
/// server, as <see cref="TSqlBinderTests"/> binds the store's statements. The parameters are made by the reminder
/// provider's own parameter builder (the internal <c>DbStoredQueries.Columns</c> of Microsoft.Orleans.Reminders.AdoNet)
/// on a SqlCommand, so their names and SqlClient types are exactly what the provider sends; which parameters each
/// key gets is taken from the provider's <c>RelationalOrleansQueries</c> (10.4.2).
/// </summary>
public sealed class TSqlOrleansBinderTests
{
    private static readonly TSqlSchema Schema = TSqlSchema.FromMigrations();
    private static readonly Dictionary<string, string> Stored = OrleansQueries.OnSqlServer();
    private static readonly Assembly Provider = typeof(AdoNetReminderTableOptions).Assembly;

    private static readonly Dictionary<string, Func<DbCommand>> Built = new(StringComparer.Ordinal)
    {
        ["ReadReminderRowsKey"] = () => Command(("ServiceId", "svc"), ("GrainId", "remindertest/k")),
        ["ReadReminderRowKey"] = () => Command(("ServiceId", "svc"), ("GrainId", "remindertest/k"), ("ReminderName", "wake")),
        ["ReadRangeRows1Key"] = () => Command(("ServiceId", "svc"), ("BeginHash", 1u), ("EndHash", 0x9000_0000u)),
        ["ReadRangeRows2Key"] = () => Command(("ServiceId", "svc"), ("BeginHash", 0x9000_0000u), ("EndHash", 1u)),
        ["UpsertReminderRowKey"] = () => Command(("ServiceId", "svc"), ("GrainHash", 0x9000_0000u), ("GrainId", "remindertest/k"),
            ("ReminderName", "wake"), ("StartTime", DateTime.UtcNow), ("Period", TimeSpan.FromMinutes(1))),
        ["DeleteReminderRowKey"] = () => Command(("ServiceId", "svc"), ("GrainId", "remindertest/k"), ("ReminderName", "wake"), ("Version", "3")),
        ["DeleteReminderRowsKey"] = () => Command(("ServiceId", "svc")),
    };

    // The provider sends @StartTime as DbType.DateTime, which SqlClient sends as the legacy datetime (1/300 s).
    // That is its choice, not ours: the column is datetime2(3), so the value loses nothing more on the server.
    private static readonly HashSet<string> SentAsLegacyDateTimeByTheProvider = new(StringComparer.OrdinalIgnoreCase) { "@StartTime" };

    // What the provider reads from each key's result, by name (RelationalOrleansQueries.GetReminderEntry, GetVersion),
    // with the column type its reader call needs from SqlClient (GetInt64 on Period fails on an int).
    private static readonly (string Name, string[] Types)[] ReminderEntry =
    [
        ("GrainId", ["nvarchar", "varchar"]), ("ReminderName", ["nvarchar"]), ("StartTime", ["datetime2"]),
        ("Period", ["bigint"]), ("Version", ["int"]),
    ];

    public static TheoryData<string> Keys => [.. Built.Keys];

    [Fact]
    public void Every_query_the_reminder_provider_asks_for_is_stored_and_bound_here()
    {
        var required = Provider.GetType("Orleans.Reminders.AdoNet.Storage.DbStoredQueries", throwOnError: true)!
            .GetProperties(BindingFlags.Instance | BindingFlags.NonPublic).Select(p => p.Name).Order(StringComparer.Ordinal);

        Assert.Equal(required, Built.Keys.Order(StringComparer.Ordinal));
        Assert.Subset(Stored.Keys.ToHashSet(StringComparer.Ordinal), Built.Keys.ToHashSet(StringComparer.Ordinal));
    }

    [Theory, MemberData(nameof(Keys))]
    public void Every_table_and_column_a_reminder_query_names_exists(string key)
    {
        var binding = TSqlBinding.Of(Stored[key]);

        Assert.All(binding.Tables, table => Assert.True(Schema.HasTable(table), $"{key}: no table {table}"));
        Assert.All(binding.Columns, column => Assert.True(
            binding.Tables.Any(table => Schema.Column(table, column) is not null), $"{key}: no column {column} in {string.Join(", ", binding.Tables)}"));
    }

    [Theory, MemberData(nameof(Keys))]
    public void Every_reminder_query_uses_exactly_the_parameters_the_provider_binds(string key)
    {
        using var command = Built[key]();
        var binding = TSqlBinding.Of(Stored[key]);
        var bound = command.Parameters.Cast<DbParameter>().Select(p => "@" + p.ParameterName.TrimStart('@')).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Empty(binding.Parameters.Except(bound, StringComparer.OrdinalIgnoreCase));
        Assert.Empty(bound.Except(binding.Parameters, StringComparer.OrdinalIgnoreCase));
    }

    [Theory, MemberData(nameof(Keys))]
    public void Every_parameter_converts_to_its_column_without_converting_the_column(string key)
    {
        using var command = Built[key]();
        var binding = TSqlBinding.Of(Stored[key]);
        var parameters = Parameters(command);

        foreach (var (columnName, variable, how) in binding.Pairs.Where(p => parameters.ContainsKey(p.Variable)))
        {
            var column = binding.Tables.Select(t => Schema.Column(t, columnName)).First(c => c is not null)!;
            var sent = parameters[variable].SqlDbType;
            Assert.True(Converts(column.Type, sent, variable), $"{key}: {variable} is sent as {sent} but meets {column.Table}.{column.Name} ({column.Type}) by '{how}'");
        }
    }

    [Theory, MemberData(nameof(Keys))]
    public void Text_equality_is_exact_although_SQL_Server_pads_trailing_spaces(string key)
    {
        using var command = Built[key]();
        var binding = TSqlBinding.Of(Stored[key]);
        var parameters = Parameters(command);

        foreach (var (columnName, variable, _) in binding.Pairs.Where(p => p.How == "="))
        {
            var column = binding.Tables.Select(t => Schema.Column(t, columnName)).First(c => c is not null)!;
            if (column.Type is "nvarchar" or "varchar" or "nchar" or "char")
            {
                Assert.True(binding.LengthChecked.Contains((columnName, variable)),
                    $"{key}: {column.Name} = {variable} also matches values that differ only in trailing spaces; compare DATALENGTH too, or a hash of the exact bytes");
                // DATALENGTH counts bytes: equal lengths mean equal text only when both sides are the same encoding.
                Assert.True(column.Type.StartsWith('n') == (parameters[variable].SqlDbType is SqlDbType.NVarChar or SqlDbType.NChar),
                    $"{key}: {variable} is sent as {parameters[variable].SqlDbType}, {column.Name} is {column.Type}: their DATALENGTHs never match");
            }
        }
    }

    /// <summary>
    /// The keys are SHA-256s of the UTF-16 text the nvarchar columns hold, so a query must hash a parameter as
    /// nvarchar too: the provider sends @GrainId as varchar, whose bytes (and hash) differ.
    /// </summary>
    [Theory, MemberData(nameof(Keys))]
    public void Every_hashed_parameter_is_hashed_as_the_nvarchar_its_column_holds(string key)
    {
        using var command = Built[key]();
        var parameters = Parameters(command);
        var hashes = new HashedArguments();
        TSqlText.Parse(Stored[key]).Accept(hashes);

        foreach (var argument in hashes.Arguments)
        {
            var ok = argument switch
            {
                VariableReference v => parameters[v.Name].SqlDbType == SqlDbType.NVarChar,
                CastCall { Parameter: VariableReference, DataType: SqlDataTypeReference type } =>
                    type.Name.BaseIdentifier.Value.Equals("nvarchar", StringComparison.OrdinalIgnoreCase),
                _ => true,
            };
            Assert.True(ok, $"{key}: HASHBYTES over {Script(argument)} does not hash nvarchar text");
        }
    }

    [Theory, MemberData(nameof(Keys))]
    public void Every_result_column_the_provider_reads_is_returned_with_a_type_its_reader_accepts(string key)
    {
        var binding = TSqlBinding.Of(Stored[key]);
        var selects = new Selects();
        TSqlText.Parse(Stored[key]).Accept(selects);
        var returned = selects.Last?.SelectElements.OfType<SelectScalarExpression>()
            .ToDictionary(e => e.ColumnName?.Value ?? "", e => e.Expression, StringComparer.Ordinal) ?? [];

        switch (key)
        {
            case "ReadReminderRowsKey" or "ReadReminderRowKey" or "ReadRangeRows1Key" or "ReadRangeRows2Key":
                foreach (var (name, types) in ReminderEntry)
                {
                    Assert.True(returned.TryGetValue(name, out var expression), $"{key}: no result column {name}");
                    var column = expression is ColumnReferenceExpression c
                        ? binding.Tables.Select(t => Schema.Column(t, c.MultiPartIdentifier.Identifiers[^1].Value)).First(x => x is not null)
                        : null;
                    Assert.True(column is not null && types.Contains(column.Type), $"{key}: {name} is {column?.Type ?? Script(expression)}, the provider needs {string.Join(" or ", types)}");
                }

                break;
            case "UpsertReminderRowKey":
                Assert.Equal(["Version"], returned.Keys);
                break;
            case "DeleteReminderRowKey":
                Assert.Single(returned);
                break;
            default:
                Assert.Empty(returned);
                break;
        }
    }

    private static SqlCommand Command(params (string Property, object Value)[] values)
    {
        var columnsType = Provider.GetType("Orleans.Reminders.AdoNet.Storage.DbStoredQueries+Columns", throwOnError: true)!;
        var command = new SqlCommand();
        var columns = Activator.CreateInstance(columnsType, BindingFlags.Instance | BindingFlags.NonPublic, null, [command], null)!;
        foreach (var (property, value) in values)
        {
            columnsType.GetProperty(property, BindingFlags.Instance | BindingFlags.NonPublic)!.SetValue(columns, value);
        }

        return command;
    }

    private static Dictionary<string, SqlParameter> Parameters(DbCommand command) =>
        command.Parameters.Cast<SqlParameter>().ToDictionary(p => "@" + p.ParameterName.TrimStart('@'), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether SQL Server converts the parameter to the column's type (never the column to the parameter's, which
    /// would scan instead of seek) without losing what the parameter carried.
    /// </summary>
    private static bool Converts(string columnType, SqlDbType sent, string variable) => columnType switch
    {
        "nvarchar" => sent is SqlDbType.NVarChar or SqlDbType.VarChar,
        "varchar" => sent == SqlDbType.VarChar,
        "bigint" => sent is SqlDbType.BigInt or SqlDbType.Int,
        "int" => sent == SqlDbType.Int,
        "datetime2" => sent == SqlDbType.DateTime2 || (sent == SqlDbType.DateTime && SentAsLegacyDateTimeByTheProvider.Contains(variable)),
        _ => false,
    };

    private static string Script(TSqlFragment fragment) =>
        string.Concat(Enumerable.Range(fragment.FirstTokenIndex, fragment.LastTokenIndex - fragment.FirstTokenIndex + 1).Select(i => fragment.ScriptTokenStream[i].Text));

    private sealed class HashedArguments : TSqlFragmentVisitor
    {
        public List<ScalarExpression> Arguments { get; } = [];

        public override void Visit(FunctionCall node)
        {
            if (node.FunctionName.Value.Equals("HASHBYTES", StringComparison.OrdinalIgnoreCase) && node.Parameters.Count == 2)
            {
                Arguments.Add(node.Parameters[1]);
            }
        }
    }

    private sealed class Selects : TSqlFragmentVisitor
    {
        public QuerySpecification? Last { get; private set; }

        public override void Visit(SelectStatement node)
        {
            if (node.QueryExpression is QuerySpecification query)
            {
                Last = query;
            }
        }
    }
}
