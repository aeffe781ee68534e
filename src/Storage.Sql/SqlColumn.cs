using System.Data;
using Microsoft.Data.SqlClient.Server;
using NpgsqlTypes;

namespace Runtype.Storage.Sql;

/// <summary>
/// One column of a table, described once for every statement and both engines: its name, its place in the row the
/// statements select (<see cref="Ordinal"/>), its type as a PostgreSQL array element and as a SQL Server table-type
/// column, and the value a <typeparamref name="TRow"/> binds to it. A table's map lists its columns
/// (<see cref="MessageColumns"/>); the statements' column lists (<see cref="SqlTemplates"/>), both engines' binders
/// and the row reader follow it.
/// </summary>
internal abstract class SqlColumn<TRow>(int ordinal, string name, NpgsqlDbType postgres, SqlMetaData sqlServer)
{
    /// <summary>A column the statements write but never select (<see cref="Ordinal"/>).</summary>
    public const int NotSelected = -1;

    /// <summary>The column's place in the row every SELECT of this table lists, from 0; <see cref="NotSelected"/> if none.</summary>
    public int Ordinal => ordinal;

    public string Name => name;

    /// <summary>The element type of the column's PostgreSQL parameter array.</summary>
    public NpgsqlDbType Postgres => postgres;

    /// <summary>The column as a SQL Server table type declares it (name, type, length).</summary>
    public SqlMetaData SqlServer => sqlServer;

    /// <summary>The type a single value of the column is bound as, on either engine (<see cref="SqlDialect.Parameter"/>).</summary>
    public DbType DbType => sqlServer.DbType;

    /// <summary>The value <paramref name="row"/> binds, null for SQL NULL.</summary>
    public abstract object? Value(TRow row);

    /// <summary>One element per row, typed as the column's values are (Npgsql writes a typed array, not <c>object[]</c>).</summary>
    public abstract Array Values(IReadOnlyList<TRow> rows);

    /// <summary>The SQL Server side of a column: <c>datetime2(3)</c> for times, a length for text, the type alone otherwise.</summary>
    protected static SqlMetaData Describe(string name, SqlDbType type, long length) => type switch
    {
        SqlDbType.DateTime2 => new SqlMetaData(name, type, 0, 3),
        SqlDbType.NVarChar or SqlDbType.VarChar or SqlDbType.Binary => new SqlMetaData(name, type, length),
        _ => new SqlMetaData(name, type),
    };
}

/// <summary>A column whose values are <typeparamref name="TValue"/>.</summary>
internal sealed class SqlColumn<TRow, TValue>(int ordinal, string name, NpgsqlDbType postgres, SqlDbType sqlServer, Func<TRow, TValue> value, long length = 0)
    : SqlColumn<TRow>(ordinal, name, postgres, Describe(name, sqlServer, length))
{
    public override object? Value(TRow row) => value(row);

    public override Array Values(IReadOnlyList<TRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var values = new TValue[rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = value(rows[i]);
        }

        return values;
    }
}
