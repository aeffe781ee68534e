using System.Text.RegularExpressions;

namespace Runtype.Storage.Sql;

/// <summary>
/// Writes out the tokens of a statement file, so that what several statements share is written once: a table's
/// column lists come from its map (<see cref="MessageColumns"/>, <see cref="ConversationColumns"/>), and a line
/// <c>{include:Name}</c> is replaced by the engine's <c>fragments/Name.sql</c>, indented as the token is. Tokens:
/// <list type="bullet">
/// <item><c>{message_row}</c>, <c>{message_row:m}</c>: every column of a message row, in the order <see cref="MessageColumns.Read"/> reads them, bare or as <c>m.column</c>.</item>
/// <item><c>{message_columns}</c>, <c>{message_columns:i}</c>: the columns a write sends per message, bare or as <c>i.column</c>.</item>
/// <item><c>{message_arrays}</c>: the PostgreSQL parameters that carry them, one array each.</item>
/// <item><c>{conversation_row}</c>: every column of a conversation row, in the order <see cref="ConversationColumns.Read"/> reads them.</item>
/// <item><c>{conversation_columns}</c>, <c>{conversation_values}</c>: what an insert writes, and the parameters it writes.</item>
/// <item><c>{conversation_set}</c>: what an update sets, each <c>column = @column</c>.</item>
/// </list>
/// An unknown token is an error when the statement is first read, not a statement the server refuses.
/// </summary>
internal static partial class SqlTemplates
{
    public static string Expand(string text, Func<string, string> fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        var included = Include().Replace(text, include =>
        {
            var indent = include.Groups["indent"].Value;
            var lines = fragment(include.Groups["fragment"].Value).TrimEnd('\n').Split('\n');
            return string.Join('\n', lines.Select(line => line.Length == 0 ? line : indent + line));
        });
        return Token().Replace(included, token => Columns(token.Groups["name"].Value, token.Groups["prefix"] is { Success: true } p ? p.Value + "." : ""));
    }

    private static string Columns(string name, string prefix) => name switch
    {
        "message_row" => List(MessageColumns.Row.Select(c => prefix + c.Name)),
        "message_columns" => List(MessageColumns.Written.Select(c => prefix + c.Name)),
        "message_arrays" when prefix.Length == 0 => List(MessageColumns.Written.Select(c => "@" + MessageColumns.PostgresParameter(c))),
        "conversation_row" when prefix.Length == 0 => List(ConversationColumns.Row.Select(c => c.Name)),
        "conversation_columns" when prefix.Length == 0 => List(ConversationColumns.Inserted.Select(c => c.Name)),
        "conversation_values" when prefix.Length == 0 => List(ConversationColumns.Inserted.Select(c => "@" + c.Name)),
        "conversation_set" when prefix.Length == 0 => List(ConversationColumns.Updated.Select(c => $"{c.Name} = @{c.Name}")),
        _ => throw new InvalidOperationException($"A statement holds the token {{{name}}}{(prefix.Length > 0 ? $" with the prefix {prefix}" : "")}, which names no column list."),
    };

    private static string List(IEnumerable<string> names) => string.Join(", ", names);

    [GeneratedRegex(@"^(?<indent>[ \t]*)\{include:(?<fragment>\w+)\}[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex Include();

    [GeneratedRegex(@"\{(?<name>[a-z_]+)(?::(?<prefix>[a-z]\w*))?\}")]
    private static partial Regex Token();
}
