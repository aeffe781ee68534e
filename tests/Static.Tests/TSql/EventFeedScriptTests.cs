using Microsoft.SqlServer.TransactSql.ScriptDom;
using Runtype.Testing;

namespace Runtype.Static.Tests.TSql;

/// <summary>
/// The SQL Server feed's two promises, read from the shipped T-SQL (no server runs here): an event's feed position
/// never changes once it is visible, and the horizon a read compares with is taken before the snapshot its rows are
/// read from. docs/events.md ("Why the feed never skips an event") has the argument these check the shape of.
/// </summary>
public sealed class EventFeedScriptTests
{
    private static readonly string[] FeedReads = ["ReadEvents", "ReadEventsOfTypes", "LatestEvent"];

    public static TheoryData<string> FeedReadNames => [.. FeedReads];

    /// <summary>Every script and statement we ship to SQL Server: queries (as sent), fragments, migrations and the strings migrations EXEC.</summary>
    public static TheoryData<string> Scripts => [.. SqlResources.Names("sqlserver/").Select(n => "sqlserver/" + n)];

    /// <summary>
    /// An event's position is its row's rowversion, and SQL Server gives a row a new rowversion on every UPDATE of
    /// it, whatever columns change: an UPDATE (or MERGE) of dbo.runtype_events would move an event in the feed, and a
    /// reader already past its new place, or past its old one, would never be given it.
    /// </summary>
    [Theory, MemberData(nameof(Scripts))]
    public void No_shipped_statement_updates_the_rows_that_carry_feed_positions(string resource)
    {
        var script = TSqlText.Parse(SqlResources.Shipped(resource));
        var updates = new EventUpdates();
        script.Accept(updates);
        var executed = new ExecutedStrings();
        script.Accept(executed);
        foreach (var text in executed.Texts)
        {
            TSqlText.Parse(text).Accept(updates);
        }

        Assert.True(updates.Found.Count == 0, $"{resource} updates dbo.runtype_events: {string.Join(" | ", updates.Found)}");
    }

    /// <summary>The redaction still erases the content from the event's data: in the row that holds it, not the positioned one.</summary>
    [Fact]
    public void A_redaction_rewrites_the_event_data_in_its_own_table()
    {
        var updates = new Updates();
        TSqlText.Parse(SqlResources.Shipped("sqlserver/queries/RedactMessage.sql")).Accept(updates);

        // By the event's id, and for events written before their id was the message's, among the conversation's events.
        var scrubs = updates.Found.Where(u => u.Target == "runtype_event_data").ToList();
        Assert.Equal(2, scrubs.Count);
        Assert.All(scrubs, scrub => Assert.Equal(["data"], scrub.Columns));
        Assert.Contains(updates.Found, u => u.Target == "runtype_messages");
    }

    /// <summary>
    /// Under READ_COMMITTED_SNAPSHOT a statement reads the rows of its own snapshot, taken when it starts. A horizon
    /// evaluated inside that statement can be taken after the snapshot, and a transaction that commits in between is
    /// below the horizon yet not in the snapshot: the read skips its events and the next one starts past them. The
    /// horizon must be read by an earlier statement into a variable that the reading statement compares with.
    /// </summary>
    [Theory, MemberData(nameof(FeedReadNames))]
    public void The_feed_takes_its_horizon_in_a_statement_before_the_one_that_reads_the_events(string name)
    {
        var script = (TSqlScript)TSqlText.Parse(SqlResources.Shipped($"sqlserver/queries/{name}.sql"));
        var statements = Assert.Single(script.Batches).Statements;
        var reads = statements.Select((s, i) => (Statement: s, Index: i)).Where(s => Tables(s.Statement).Contains("runtype_events")).ToList();
        var (read, readAt) = Assert.Single(reads);

        Assert.False(Calls(read, "MIN_ACTIVE_ROWVERSION"), $"{name}: the statement that reads the events evaluates MIN_ACTIVE_ROWVERSION() itself");
        var horizon = Assert.Single(UpperBounds(read, "position"));
        var takenAt = statements.Select((s, i) => (Statement: s, Index: i)).Where(s => Assigns(s.Statement, horizon) is not null).ToList();
        var (taken, index) = Assert.Single(takenAt);
        Assert.True(index < readAt, $"{name}: {horizon} is set after the statement that reads the events");
        Assert.True(Assigns(taken, horizon) is FunctionCall { FunctionName.Value: var f } && f.Equals("MIN_ACTIVE_ROWVERSION", StringComparison.OrdinalIgnoreCase),
            $"{name}: {horizon} is not MIN_ACTIVE_ROWVERSION()");
        Assert.Empty(Tables(taken));
    }

    private static HashSet<string> Tables(TSqlFragment fragment)
    {
        var tables = new NamedTables();
        fragment.Accept(tables);
        return [.. tables.Found.Select(t => t.SchemaObject.BaseIdentifier.Value)];
    }

    private static bool Calls(TSqlFragment fragment, string function)
    {
        var calls = new FunctionCalls();
        fragment.Accept(calls);
        return calls.Names.Contains(function, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The variables <paramref name="column"/> is compared with as "column &lt; @v".</summary>
    private static List<string> UpperBounds(TSqlFragment fragment, string column)
    {
        var comparisons = new Comparisons();
        fragment.Accept(comparisons);
        return [.. comparisons.Found
            .Select(c => (c.ComparisonType, c.FirstExpression, c.SecondExpression) switch
            {
                (BooleanComparisonType.LessThan, ColumnReferenceExpression col, VariableReference v) when Named(col, column) => v.Name,
                (BooleanComparisonType.GreaterThan, VariableReference v, ColumnReferenceExpression col) when Named(col, column) => v.Name,
                _ => null,
            })
            .OfType<string>()];
    }

    private static bool Named(ColumnReferenceExpression column, string name) =>
        column.MultiPartIdentifier.Identifiers[^1].Value.Equals(name, StringComparison.OrdinalIgnoreCase);

    /// <summary>The value <paramref name="statement"/> gives <paramref name="variable"/> (DECLARE ... =, SET, SELECT @v =), or null.</summary>
    private static ScalarExpression? Assigns(TSqlStatement statement, string variable)
    {
        bool Is(string name) => name.Equals(variable, StringComparison.OrdinalIgnoreCase);
        return statement switch
        {
            DeclareVariableStatement declare => declare.Declarations.FirstOrDefault(d => Is(d.VariableName.Value) && d.Value is not null)?.Value,
            SetVariableStatement set when Is(set.Variable.Name) => set.Expression,
            SelectStatement { QueryExpression: QuerySpecification query } => query.SelectElements.OfType<SelectSetVariable>().FirstOrDefault(s => Is(s.Variable.Name))?.Expression,
            _ => null,
        };
    }

    private sealed class NamedTables : TSqlFragmentVisitor
    {
        public List<NamedTableReference> Found { get; } = [];

        public override void Visit(NamedTableReference node) => Found.Add(node);
    }

    private sealed class FunctionCalls : TSqlFragmentVisitor
    {
        public List<string> Names { get; } = [];

        public override void Visit(FunctionCall node) => Names.Add(node.FunctionName.Value);
    }

    private sealed class Comparisons : TSqlFragmentVisitor
    {
        public List<BooleanComparisonExpression> Found { get; } = [];

        public override void Visit(BooleanComparisonExpression node) => Found.Add(node);
    }

    private sealed class ExecutedStrings : TSqlFragmentVisitor
    {
        public List<string> Texts { get; } = [];

        public override void Visit(ExecutableStringList node) =>
            Texts.Add(string.Concat(node.Strings.OfType<StringLiteral>().Select(s => s.Value)));
    }

    /// <summary>Each UPDATE's target table (an alias resolved through its FROM clause) and the columns it sets.</summary>
    private sealed class Updates : TSqlFragmentVisitor
    {
        public List<(string Target, List<string> Columns)> Found { get; } = [];

        public override void Visit(UpdateSpecification node)
        {
            var columns = node.SetClauses.OfType<AssignmentSetClause>().Select(c => c.Column.MultiPartIdentifier.Identifiers[^1].Value).ToList();
            Found.Add((Resolve(node.Target, node.FromClause), columns));
        }

        public static string Resolve(TableReference target, FromClause? from)
        {
            if (target is not NamedTableReference named)
            {
                return target.GetType().Name;
            }

            var name = named.SchemaObject.BaseIdentifier.Value;
            if (from is null || named.SchemaObject.SchemaIdentifier is not null)
            {
                return name;
            }

            var tables = new NamedTables();
            from.Accept(tables);
            return tables.Found.FirstOrDefault(t => t.Alias?.Value.Equals(name, StringComparison.OrdinalIgnoreCase) == true)?.SchemaObject.BaseIdentifier.Value ?? name;
        }
    }

    private sealed class EventUpdates : TSqlFragmentVisitor
    {
        public List<string> Found { get; } = [];

        public override void Visit(UpdateSpecification node)
        {
            if (Updates.Resolve(node.Target, node.FromClause).Equals("runtype_events", StringComparison.OrdinalIgnoreCase))
            {
                Found.Add($"UPDATE at line {node.StartLine}");
            }
        }

        public override void Visit(MergeSpecification node)
        {
            if (Updates.Resolve(node.Target, null).Equals("runtype_events", StringComparison.OrdinalIgnoreCase))
            {
                Found.Add($"MERGE at line {node.StartLine}");
            }
        }
    }
}
