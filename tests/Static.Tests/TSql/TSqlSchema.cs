using System.Data;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Runtype.Testing;

namespace Runtype.Static.Tests.TSql;

/// <summary>A column as the SQL Server migrations leave it: type name and declared length (-1 for max).</summary>
internal sealed record TSqlColumn(string Table, string Name, string Type, int Length)
{
    /// <summary>Whether a value SqlClient sends as <paramref name="sent"/> meets this column without a conversion.</summary>
    public bool Accepts(SqlDbType sent) => Type switch
    {
        "nvarchar" or "nchar" => sent is SqlDbType.NVarChar or SqlDbType.NChar,
        "varchar" or "char" => sent is SqlDbType.VarChar or SqlDbType.Char,
        "datetime2" => sent == SqlDbType.DateTime2,
        "bigint" => sent == SqlDbType.BigInt,
        "int" => sent == SqlDbType.Int,
        "smallint" => sent == SqlDbType.SmallInt,
        "binary" or "varbinary" => sent is SqlDbType.Binary or SqlDbType.VarBinary,
        "rowversion" => sent == SqlDbType.Timestamp,
        _ => false,
    };
}

/// <summary>
/// The tables and columns the SQL Server migrations create, read from the migration scripts themselves with
/// ScriptDom (CREATE TABLE, CREATE TYPE ... AS TABLE, ALTER TABLE ... ADD, ALTER COLUMN and DROP COLUMN, in file order), so a
/// statement can be bound against the schema a real server would have without one.
/// </summary>
internal sealed class TSqlSchema
{
    private readonly Dictionary<string, Dictionary<string, TSqlColumn>> _tables = new(StringComparer.OrdinalIgnoreCase);

    public static TSqlSchema FromMigrations()
    {
        var schema = new TSqlSchema();
        var scripts = SqlResources.Names("sqlserver/migrations/").Order(StringComparer.Ordinal).Select(n => "sqlserver/migrations/" + n)
            .Append("sqlserver/queries/CreateMigrationsTable.sql");
        foreach (var resource in scripts)
        {
            var visitor = new SchemaVisitor(schema);
            TSqlText.Parse(SqlResources.Read(resource)).Accept(visitor);
        }

        return schema;
    }

    public bool HasTable(string table) => _tables.ContainsKey(table);

    public TSqlColumn? Column(string table, string column) =>
        _tables.TryGetValue(table, out var columns) && columns.TryGetValue(column, out var found) ? found : null;

    /// <summary>A table's (or table type's) columns in their declared order.</summary>
    public IReadOnlyList<TSqlColumn> Columns(string table) => [.. _tables[table].Values];

    private void Define(string table, ColumnDefinition column)
    {
        if (!_tables.TryGetValue(table, out var columns))
        {
            columns = new Dictionary<string, TSqlColumn>(StringComparer.OrdinalIgnoreCase);
            _tables[table] = columns;
        }

        columns[column.ColumnIdentifier.Value] = column.DataType is SqlDataTypeReference type
            ? new TSqlColumn(table, column.ColumnIdentifier.Value, type.Name.BaseIdentifier.Value.ToLowerInvariant(), Length(type))
            : new TSqlColumn(table, column.ColumnIdentifier.Value, "computed", 0);
    }

    private void Alter(string table, string column, DataTypeReference dataType)
    {
        if (dataType is SqlDataTypeReference type)
        {
            _tables[table][column] = new TSqlColumn(table, column, type.Name.BaseIdentifier.Value.ToLowerInvariant(), Length(type));
        }
    }

    private static int Length(SqlDataTypeReference type) => type.Parameters.Count == 0
        ? 0
        : type.Parameters[0] is MaxLiteral ? -1 : int.Parse(type.Parameters[0].Value, System.Globalization.CultureInfo.InvariantCulture);

    private sealed class SchemaVisitor(TSqlSchema schema) : TSqlFragmentVisitor
    {
        public override void Visit(CreateTableStatement node)
        {
            foreach (var column in node.Definition.ColumnDefinitions)
            {
                schema.Define(node.SchemaObjectName.BaseIdentifier.Value, column);
            }
        }

        public override void Visit(CreateTypeTableStatement node)
        {
            foreach (var column in node.Definition.ColumnDefinitions)
            {
                schema.Define(node.Name.BaseIdentifier.Value, column);
            }
        }

        public override void Visit(AlterTableAddTableElementStatement node)
        {
            foreach (var column in node.Definition.ColumnDefinitions)
            {
                schema.Define(node.SchemaObjectName.BaseIdentifier.Value, column);
            }
        }

        public override void Visit(AlterTableAlterColumnStatement node) =>
            schema.Alter(node.SchemaObjectName.BaseIdentifier.Value, node.ColumnIdentifier.Value, node.DataType);

        public override void Visit(AlterTableDropTableElementStatement node)
        {
            foreach (var element in node.AlterTableDropTableElements.Where(e => e.TableElementType == TableElementType.Column))
            {
                schema._tables[node.SchemaObjectName.BaseIdentifier.Value].Remove(element.Name.Value);
            }
        }
    }
}

internal static class TSqlText
{
    public static TSqlFragment Parse(string text)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(text);
        var fragment = parser.Parse(reader, out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"({e.Line},{e.Column}): {e.Message}")));
        return fragment;
    }

    /// <summary>A parsed fragment's text as written, from its first token to its last.</summary>
    public static string Of(TSqlFragment fragment) =>
        string.Concat(Enumerable.Range(fragment.FirstTokenIndex, fragment.LastTokenIndex - fragment.FirstTokenIndex + 1).Select(i => fragment.ScriptTokenStream[i].Text));
}
