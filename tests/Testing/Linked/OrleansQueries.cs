using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Runtype.Testing;

/// <summary>The Orleans providers' stored queries as our SQL Server migrations ship them, read by Microsoft's T-SQL parser.</summary>
internal static class OrleansQueries
{
    /// <summary>The (QueryKey, QueryText) rows the SQL Server migrations insert into dbo.OrleansQuery.</summary>
    public static Dictionary<string, string> OnSqlServer()
    {
        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in SqlResources.Names("sqlserver/migrations/"))
        {
            var parser = new TSql160Parser(initialQuotedIdentifiers: true);
            using var reader = new StringReader(SqlResources.Read("sqlserver/migrations/" + name));
            var script = parser.Parse(reader, out _);
            var visitor = new OrleansQueryInserts();
            script.Accept(visitor);
            foreach (var (key, text) in visitor.Rows)
            {
                queries[key] = text;
            }
        }

        return queries;
    }

    private sealed class OrleansQueryInserts : TSqlFragmentVisitor
    {
        public List<(string Key, string Text)> Rows { get; } = [];

        public override void Visit(InsertStatement node)
        {
            var target = (node.InsertSpecification.Target as NamedTableReference)?.SchemaObject.BaseIdentifier.Value;
            if (!string.Equals(target, "OrleansQuery", StringComparison.OrdinalIgnoreCase)
                || node.InsertSpecification.InsertSource is not ValuesInsertSource values)
            {
                return;
            }

            foreach (var row in values.RowValues)
            {
                Rows.Add((((StringLiteral)row.ColumnValues[0]).Value, ((StringLiteral)row.ColumnValues[1]).Value));
            }
        }
    }
}
