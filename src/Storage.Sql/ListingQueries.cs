using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.RegularExpressions;

namespace Runtype.Storage.Sql;

/// <summary>
/// Turns a listing template into the statement for one filter shape. A template line that ends in
/// <c>-- when name</c> is kept only when the command binds <c>name</c> to a value; other lines are kept as they are.
/// </summary>
/// <remarks>
/// Why not one statement with <c>(@x IS NULL OR col = @x)</c>: Npgsql prepares the statements a connection repeats,
/// and PostgreSQL may then run them with a generic plan, planned without the values. In that plan no optional filter
/// is an index condition: on 300,000 rows every shape became a bitmap scan of the owner's whole primary key range
/// that filtered 100,000 rows one by one (docs/storage.md). With one statement per shape each filter present is a
/// plain equality, which a generic plan seeks on. Templates without markers (SQL Server's) come back unchanged.
/// </remarks>
internal static partial class ListingQueries
{
    private static readonly ConcurrentDictionary<(string Template, string Present), string> Statements = new();

    /// <summary>Replaces the command's template text with the statement for the parameters it has values for.</summary>
    public static void Shape(DbCommand command)
    {
        var present = string.Join(',', command.Parameters.Cast<DbParameter>()
            .Where(p => p.Value is not null and not DBNull)
            .Select(p => p.ParameterName));
        command.CommandText = Statements.GetOrAdd((command.CommandText, present), key => Compose(key.Template, key.Present.Split(',')));
    }

    /// <summary>The statement of <paramref name="template"/> when exactly the parameters <paramref name="present"/> have values.</summary>
    public static string Compose(string template, IEnumerable<string> present)
    {
        var given = present.ToHashSet(StringComparer.Ordinal);
        return string.Join('\n', template.Split('\n').Where(line => Marker().Match(line) is not { Success: true } marker
            || given.Contains(marker.Groups["parameter"].Value)));
    }

    [GeneratedRegex(@"^\s+\S.*\s--\s+when\s+(?<parameter>\w+)\s*$")]
    private static partial Regex Marker();
}
