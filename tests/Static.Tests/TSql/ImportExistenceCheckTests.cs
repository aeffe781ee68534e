using Microsoft.SqlServer.TransactSql.ScriptDom;
using Runtype.Testing;

namespace Runtype.Static.Tests.TSql;

/// <summary>
/// The SQL Server append (every post, every batch of a hot conversation and every history import: AppendMessages.sql)
/// looks for the new messages' ids and external ids among the conversation's stored messages. Read from the T-SQL as it
/// is sent: it serializes on the
/// conversation's row, looks each key up in the unique index on it, and holds no key-range locks over the
/// conversation's messages (an OR of two IN lists under HOLDLOCK can range-lock every message of the conversation,
/// and past 5,000 locks escalate to a lock on the whole table, which stalls every append).
/// </summary>
public sealed class ImportExistenceCheckTests
{
    public static TheoryData<string> Scripts => ["sqlserver/queries/AppendMessages.sql"];

    private static readonly TableHintKind[] RangeHints =
        [TableHintKind.HoldLock, TableHintKind.Serializable, TableHintKind.RepeatableRead, TableHintKind.TabLock, TableHintKind.TabLockX];

    [Theory, MemberData(nameof(Scripts))]
    public void No_read_of_the_messages_takes_range_or_table_locks(string script)
    {
        var reads = MessageReads(script);

        Assert.NotEmpty(reads);
        Assert.All(reads, read => Assert.True(
            !read.Table.TableHints.Any(h => RangeHints.Contains(h.HintKind)),
            $"line {read.Table.StartLine}: runtype_messages is read WITH ({string.Join(", ", read.Table.TableHints.Select(h => h.HintKind))})"));
    }

    [Theory, MemberData(nameof(Scripts))]
    public void Every_read_of_the_messages_seeks_one_unique_key_without_OR_or_IN(string script)
    {
        var unique = UniqueKeys();

        Assert.All(MessageReads(script), read =>
        {
            var conditions = new Conditions(read.Alias);
            read.Query.WhereClause?.Accept(conditions);
            read.Query.FromClause.Accept(conditions);

            Assert.False(conditions.Or, $"line {read.Query.StartLine}: the read's conditions have an OR");
            Assert.False(conditions.In, $"line {read.Query.StartLine}: the read's conditions have an IN");
            Assert.Contains(conditions.EqualColumns.Order(StringComparer.OrdinalIgnoreCase), unique, new SequenceComparer());
        });
    }

    [Theory, MemberData(nameof(Scripts))]
    public void The_conversation_row_is_locked_before_the_messages_are_looked_at(string name)
    {
        var script = (TSqlScript)TSqlText.Parse(SqlResources.Shipped(name));
        var statements = Assert.Single(script.Batches).Statements;
        var firstRead = statements.ToList().FindIndex(s => Reads(s).Any(r => r.Table.SchemaObject.BaseIdentifier.Value == "runtype_messages"));
        var locks = statements.Take(firstRead).SelectMany(Reads)
            .Where(r => r.Table.SchemaObject.BaseIdentifier.Value == "runtype_conversations" && r.Table.TableHints.Any(h => h.HintKind == TableHintKind.UpdLock))
            .ToList();

        var locked = Assert.Single(locks);
        var conditions = new Conditions(locked.Alias);
        locked.Query.WhereClause.Accept(conditions);
        Assert.Equal(["id", "owner"], conditions.EqualColumns.Order(StringComparer.Ordinal));
        Assert.False(conditions.Or);
    }

    /// <summary>Every SELECT (and subquery) of the script that reads runtype_messages, with the reference and its alias.</summary>
    private static List<(QuerySpecification Query, NamedTableReference Table, string Alias)> MessageReads(string script) =>
        [.. Reads(TSqlText.Parse(SqlResources.Shipped(script))).Where(r => r.Table.SchemaObject.BaseIdentifier.Value == "runtype_messages")];

    private static List<(QuerySpecification Query, NamedTableReference Table, string Alias)> Reads(TSqlFragment fragment)
    {
        var queries = new Queries();
        fragment.Accept(queries);
        return [.. queries.Found.SelectMany(q =>
        {
            var tables = new Tables();
            q.FromClause?.Accept(tables);
            return tables.Found.Select(t => (q, t, t.Alias?.Value ?? t.SchemaObject.BaseIdentifier.Value));
        })];
    }

    /// <summary>The key columns of the unique indexes on runtype_messages that the migrations leave, each sorted.</summary>
    private static List<string[]> UniqueKeys()
    {
        var indexes = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in SqlResources.Names("sqlserver/migrations/"))
        {
            var visitor = new Indexes(indexes);
            TSqlText.Parse(SqlResources.Read("sqlserver/migrations/" + name)).Accept(visitor);
        }

        return [.. indexes.Values];
    }

    private sealed class SequenceComparer : IEqualityComparer<IEnumerable<string>>
    {
        public bool Equals(IEnumerable<string>? x, IEnumerable<string>? y) => x!.SequenceEqual(y!, StringComparer.OrdinalIgnoreCase);

        public int GetHashCode(IEnumerable<string> obj) => 0;
    }

    private sealed class Queries : TSqlFragmentVisitor
    {
        public List<QuerySpecification> Found { get; } = [];

        public override void Visit(QuerySpecification node) => Found.Add(node);
    }

    // Only the query's own tables: a subquery's are its own read.
    private sealed class Tables : TSqlFragmentVisitor
    {
        public List<NamedTableReference> Found { get; } = [];

        public override void Visit(NamedTableReference node) => Found.Add(node);

        public override void ExplicitVisit(QueryDerivedTable node)
        {
        }

        public override void ExplicitVisit(ScalarSubquery node)
        {
        }
    }

    /// <summary>In a read's conditions: any OR or IN, and the columns of one table compared by "=".</summary>
    private sealed class Conditions(string alias) : TSqlFragmentVisitor
    {
        public bool Or { get; private set; }

        public bool In { get; private set; }

        public HashSet<string> EqualColumns { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override void Visit(BooleanBinaryExpression node) => Or |= node.BinaryExpressionType == BooleanBinaryExpressionType.Or;

        public override void Visit(InPredicate node) => In = true;

        public override void Visit(BooleanComparisonExpression node)
        {
            if (node.ComparisonType != BooleanComparisonType.Equals)
            {
                return;
            }

            foreach (var side in new[] { node.FirstExpression, node.SecondExpression })
            {
                if (side is ColumnReferenceExpression { MultiPartIdentifier.Identifiers: var parts }
                    && (parts.Count == 1 || parts[^2].Value.Equals(alias, StringComparison.OrdinalIgnoreCase)))
                {
                    EqualColumns.Add(parts[^1].Value);
                }
            }
        }

        // A subquery's conditions are its own read's.
        public override void ExplicitVisit(ScalarSubquery node)
        {
        }

        public override void ExplicitVisit(QueryDerivedTable node)
        {
        }
    }

    private sealed class Indexes(Dictionary<string, string[]> indexes) : TSqlFragmentVisitor
    {
        public override void Visit(CreateIndexStatement node)
        {
            if (node.Unique && node.OnName.BaseIdentifier.Value == "runtype_messages")
            {
                indexes[node.Name.Value] = [.. node.Columns.Select(c => c.Column.MultiPartIdentifier.Identifiers[^1].Value).Order(StringComparer.OrdinalIgnoreCase)];
            }
        }

        public override void Visit(DropIndexClause node) => indexes.Remove(node.Index.Value);
    }
}
