using System.Reflection;
using Runtype.Storage.Sql;

namespace Runtype.Testing;

/// <summary>The SQL files embedded in the storage assembly: every statement the product can send.</summary>
public static class SqlResources
{
    private static readonly Assembly Assembly = typeof(SqlDialect).Assembly;

    public static IEnumerable<string> Names(string prefix) =>
        Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => n[prefix.Length..])
            .Order(StringComparer.Ordinal);

    /// <summary>
    /// The text the product runs for a shipped file: a statement (<c>engine/queries/Name.sql</c>) as its dialect sends it,
    /// comment lines out and tokens and fragments written out (<see cref="SqlDialect.Query"/>); a migration or a fragment
    /// as it stands.
    /// </summary>
    public static string Shipped(string name)
    {
        var parts = name.Split('/');
        return parts is [var engine, "queries", var file]
            ? SqlDialect.ForProvider(engine)!.Query(Path.GetFileNameWithoutExtension(file))
            : Read(name);
    }

    public static string Read(string name)
    {
        using var stream = Assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
