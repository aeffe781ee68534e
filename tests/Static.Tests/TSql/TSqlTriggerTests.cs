using Microsoft.SqlServer.TransactSql.ScriptDom;
using Runtype.Testing;

namespace Runtype.Static.Tests.TSql;

/// <summary>
/// The conversation totals trigger (migration 0011) runs inside every write to runtype_conversations, so it is
/// bound like the statements are: its text (the string the migration EXECs, since CREATE TRIGGER must begin a
/// batch) is parsed with ScriptDom and checked against the migrated schema, with <c>inserted</c> and <c>deleted</c>
/// having the columns of the table the trigger is on, and its table variable the columns it declares.
/// </summary>
public sealed class TSqlTriggerTests
{
    private const string Migration = "sqlserver/migrations/0011_conversation_totals.sql";
    private static readonly TSqlSchema Schema = TSqlSchema.FromMigrations();
    private static readonly string[] TotalsColumns = ["owner", "surface_key", "status", "shard", "total"];
    private static readonly string[] KeyExpressions = ["HASHBYTES('SHA2_256', surface_id)", "CAST(CHECKSUM(id) & 7 AS tinyint)"];

    [Fact]
    public void The_totals_trigger_follows_every_insert_update_and_delete_of_conversations_and_sends_no_row_counts()
    {
        var trigger = Trigger();

        Assert.Equal("runtype_conversations", trigger.TriggerObject.Name.BaseIdentifier.Value);
        Assert.Equal(TriggerType.After, trigger.TriggerType);
        Assert.Equal(
            [TriggerActionType.Insert, TriggerActionType.Update, TriggerActionType.Delete],
            trigger.TriggerActions.Select(a => a.TriggerActionType));
        // A row count from inside the trigger would reach the caller as one more DONE_IN_PROC message.
        var body = Assert.IsType<BeginEndBlockStatement>(Assert.Single(trigger.StatementList.Statements));
        var first = Assert.IsType<PredicateSetStatement>(body.StatementList.Statements[0]);
        Assert.True(first.IsOn && first.Options.HasFlag(SetOptions.NoCount), "the trigger does not begin with SET NOCOUNT ON");
    }

    [Fact]
    public void Every_table_and_column_the_totals_trigger_names_exists()
    {
        var trigger = Trigger();
        var target = trigger.TriggerObject.Name.BaseIdentifier.Value;
        var binding = new TSqlBinding();
        trigger.Accept(binding);
        var updated = new UpdateCalls();
        trigger.Accept(updated);
        // A trigger's pseudo-tables have its table's columns.
        var tables = binding.Tables.Select(t => t is "inserted" or "deleted" ? target : t).ToList();

        Assert.Contains("inserted", binding.Tables);
        Assert.Contains("deleted", binding.Tables);
        Assert.All(tables, table => Assert.True(Schema.HasTable(table), $"no table {table}"));
        Assert.All(binding.Columns, column => Assert.True(
            tables.Any(t => Schema.Column(t, column) is not null) || binding.TableVariableColumns.ContainsKey(column),
            $"no column {column} in {string.Join(", ", tables)} or the trigger's table variables"));
        Assert.Equal(["surface_id", "status"], updated.Columns);
        Assert.All(updated.Columns, column => Assert.NotNull(Schema.Column(target, column)));
        Assert.Empty(binding.Parameters);
    }

    [Fact]
    public void The_trigger_holds_each_totals_key_in_the_type_and_collation_of_its_column()
    {
        var binding = new TSqlBinding();
        Trigger().Accept(binding);

        foreach (var name in TotalsColumns)
        {
            var declared = binding.TableVariableColumns[name];
            var type = (SqlDataTypeReference)declared.DataType;
            var column = Schema.Column("runtype_conversation_totals", name)!;
            var length = type.Parameters.Count == 0 ? 0 : int.Parse(type.Parameters[0].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal((column.Type, column.Length), (type.Name.BaseIdentifier.Value.ToLowerInvariant(), length));
            if (column.Type is "nvarchar")
            {
                // A table variable takes the database's default collation, which may ignore case.
                Assert.Equal("Latin1_General_100_BIN2", declared.Collation?.Value);
            }
        }

        // The owner and status of a total are those of the conversations it counts.
        Assert.Equal(Schema.Column("runtype_conversations", "owner")! with { Table = "" }, Schema.Column("runtype_conversation_totals", "owner")! with { Table = "" });
        Assert.Equal(Schema.Column("runtype_conversations", "status")! with { Table = "" }, Schema.Column("runtype_conversation_totals", "status")! with { Table = "" });
    }

    [Fact]
    public void The_trigger_and_the_backfill_compute_a_conversations_key_alike()
    {
        var migration = SqlResources.Read(Migration);
        var trigger = TriggerText();
        var backfill = migration[migration.LastIndexOf("INSERT INTO dbo.runtype_conversation_totals", StringComparison.Ordinal)..];

        foreach (var key in KeyExpressions)
        {
            Assert.Contains(key, trigger, StringComparison.Ordinal);
            Assert.Contains(key, backfill, StringComparison.Ordinal);
        }
    }

    private static CreateTriggerStatement Trigger()
    {
        var triggers = new Triggers();
        TSqlText.Parse(TriggerText()).Accept(triggers);
        return Assert.Single(triggers.Found);
    }

    /// <summary>The text of the migration's EXEC: the string literal as the server reads it (quotes undoubled).</summary>
    private static string TriggerText()
    {
        var executed = new ExecutedStrings();
        TSqlText.Parse(SqlResources.Read(Migration)).Accept(executed);
        return Assert.Single(executed.Texts);
    }

    private sealed class ExecutedStrings : TSqlFragmentVisitor
    {
        public List<string> Texts { get; } = [];

        public override void Visit(ExecutableStringList node) =>
            Texts.Add(string.Concat(node.Strings.Select(s => Assert.IsType<StringLiteral>(s).Value)));
    }

    private sealed class Triggers : TSqlFragmentVisitor
    {
        public List<CreateTriggerStatement> Found { get; } = [];

        public override void Visit(CreateTriggerStatement node) => Found.Add(node);
    }

    private sealed class UpdateCalls : TSqlFragmentVisitor
    {
        public List<string> Columns { get; } = [];

        public override void Visit(UpdateCall node) => Columns.Add(node.Identifier.Value);
    }
}
