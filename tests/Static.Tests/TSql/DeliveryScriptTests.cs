using System.Data;
using Microsoft.Data.SqlClient;
using Microsoft.Data.SqlClient.Server;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Runtype.Grains;
using Runtype.Grains.Wire;
using Runtype.Storage.Sql;

namespace Runtype.Static.Tests.TSql;

/// <summary>
/// SQL Server's side of email delivery (migration 0017), checked without a server: the delivery column holds the longest
/// delivery the grain stores, and the lookup by external message ids sends its ids as the table type the migration
/// creates and compares them by the hash of their exact bytes, never by SQL Server's space-padding "=".
/// </summary>
public sealed class DeliveryScriptTests
{
    private static readonly TSqlSchema Schema = TSqlSchema.FromMigrations();
    private static readonly SqlStatements Statements = new(new SqlServerDialect());

    [Fact]
    public void The_delivery_column_holds_the_longest_delivery_the_grain_stores()
    {
        // The worst case for the JSON writer: every character of lastError outside the BMP, each escaped as two \uXXXX.
        var longest = new MessageDelivery
        {
            Status = DeliveryStatus.Pending, Attempts = int.MinValue, LastError = string.Concat(Enumerable.Repeat("😀", FieldLimits.DeliveryError)),
            SentAt = DateTime.UtcNow,
        };
        var rendered = DeliveryJson.Render(longest)!;
        var column = Schema.Column("runtype_messages", "delivery");

        // Past nvarchar's largest fixed size (4,000 units): why the column is nvarchar(max).
        Assert.True(rendered.Length > 4000, $"the longest delivery takes {rendered.Length} UTF-16 units");
        Assert.NotNull(column);
        Assert.Equal("nvarchar", column.Type);
        Assert.True(column.Length == -1 || column.Length >= rendered.Length, $"delivery is nvarchar({column.Length}); the longest delivery takes {rendered.Length} UTF-16 units");
        Assert.Equal(column with { Table = "" }, Schema.Column("runtype_message_rows_v2", "delivery")! with { Table = "" });
    }

    [Fact]
    public void The_external_ids_parameter_matches_its_table_type_and_the_messages_column()
    {
        using var command = Statements.FindByExternalMessageIds("owner", "email", ["m1", "m1 "]);
        var ids = command.Parameters.Cast<SqlParameter>().Single(p => p.ParameterName == "external_message_ids");
        var rows = ((IEnumerable<SqlDataRecord>)ids.Value).ToList();
        var type = Schema.Columns(ids.TypeName.Split('.')[^1]);

        Assert.Equal(SqlDbType.Structured, ids.SqlDbType);
        Assert.Equal(["m1", "m1 "], rows.Select(r => r.GetString(0)));
        var sent = Assert.Single(type);
        var metadata = rows[0].GetSqlMetaData(0);
        Assert.Equal((sent.Name, sent.Length), (metadata.Name, (int)metadata.MaxLength));
        Assert.True(sent.Accepts(metadata.SqlDbType));
        Assert.Equal(sent with { Table = "" }, Schema.Column("runtype_messages", "external_message_id")! with { Table = "" });
    }

    [Fact]
    public void The_lookup_compares_external_ids_by_the_hash_of_their_exact_bytes()
    {
        using var command = Statements.FindByExternalMessageIds("owner", "email", ["m1"]);
        var comparisons = new Comparisons();
        TSqlText.Parse(command.CommandText).Accept(comparisons);

        Assert.Contains("external_message_key", comparisons.Columns);
        Assert.DoesNotContain("external_message_id", comparisons.Columns);
        Assert.Contains(comparisons.Hashed, column => column == "external_message_id");
    }

    /// <summary>Every column an equality compares, and every column hashed with HASHBYTES.</summary>
    private sealed class Comparisons : TSqlFragmentVisitor
    {
        public List<string> Columns { get; } = [];

        public List<string> Hashed { get; } = [];

        public override void Visit(BooleanComparisonExpression node)
        {
            if (node.ComparisonType == BooleanComparisonType.Equals)
            {
                Columns.AddRange(new[] { node.FirstExpression, node.SecondExpression }.OfType<ColumnReferenceExpression>()
                    .Select(c => c.MultiPartIdentifier.Identifiers[^1].Value));
            }
        }

        public override void Visit(FunctionCall node)
        {
            if (node.FunctionName.Value.Equals("HASHBYTES", StringComparison.OrdinalIgnoreCase))
            {
                Hashed.AddRange(node.Parameters.OfType<ColumnReferenceExpression>().Select(c => c.MultiPartIdentifier.Identifiers[^1].Value));
            }
        }
    }
}
