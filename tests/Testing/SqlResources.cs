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

    public static string Read(string name)
    {
        using var stream = Assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
