using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Runtype.Storage.Tests.TSql;

/// <summary>
/// The SQL Server feed's promise, read from the shipped T-SQL (no server runs here): the horizon a read compares
/// with is taken before the snapshot its rows are read from. docs/events.md ("Why the feed never skips an event") has the argument these check the shape of.
/// </summary>
public sealed class EventFeedScriptTests
{
    private static readonly string[] FeedReads = ["ReadEvents", "LatestEvent"];

    public static TheoryData<string> FeedReadNames => [.. FeedReads];

    /// <summary>
    /// Under READ_COMMITTED_SNAPSHOT a statement reads the rows of its own snapshot, taken when it starts. A horizon
    /// evaluated inside that statement can be taken after the snapshot, and a transaction that commits in between is
    /// below the horizon yet not in the snapshot: the read skips its events and the next one starts past them. The
    /// horizon must be read by an earlier statement into a variable that the reading statement compares with.
    /// </summary>
    [Theory, MemberData(nameof(FeedReadNames))]
    public void The_feed_takes_its_horizon_in_a_statement_before_the_one_that_reads_the_events(string name)
    {
        var script = (TSqlScript)TSqlText.Parse(SqlResources.Read($"sqlserver/queries/{name}.sql"));
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
}
