using System.Text.RegularExpressions;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Static.Tests;

/// <summary>
/// The tokens of the statement files (<see cref="SqlTemplates"/>): every statement of both engines is sent with each
/// written out, a token that names nothing stops the statement from being read at all, and every fragment is used.
/// </summary>
public sealed partial class SqlTemplatesTests
{
    public static TheoryData<string, string> Statements
    {
        get
        {
            var statements = new TheoryData<string, string>();
            foreach (var engine in new[] { PostgresDialect.ProviderName, SqlServerDialect.ProviderName })
            {
                foreach (var name in SqlResources.Names($"{engine}/queries/"))
                {
                    statements.Add(engine, Path.GetFileNameWithoutExtension(name));
                }
            }

            return statements;
        }
    }

    [Theory, MemberData(nameof(Statements))]
    public void Every_statement_is_sent_with_its_tokens_written_out(string engine, string name)
    {
        var sent = SqlDialect.ForProvider(engine)!.Query(name);

        Assert.DoesNotMatch(Token(), sent);
    }

    [Fact]
    public void A_token_that_names_nothing_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => SqlTemplates.Expand("SELECT {message_rows} FROM runtype_messages", _ => ""));
        // A prefix only where the list takes one ({message_row:m} does since search joins messages to conversations).
        Assert.Throws<InvalidOperationException>(() => SqlTemplates.Expand("SELECT {conversation_row:c} FROM runtype_conversations c", _ => ""));
    }

    [Fact]
    public void A_fragment_takes_the_place_and_the_indentation_of_its_include()
    {
        var sent = SqlTemplates.Expand("BEGIN\n    {include:Two}\nEND;", name => name == "Two" ? "SELECT 1;\nSELECT {message_columns:r};\n" : "");

        var columns = string.Join(", ", MessageColumns.Written.Select(c => "r." + c.Name));
        Assert.Equal($"BEGIN\n    SELECT 1;\n    SELECT {columns};\nEND;", sent);
        Assert.StartsWith("r.position, r.id, ", columns, StringComparison.Ordinal);
    }

    public static TheoryData<string> Fragments =>
        [.. new[] { PostgresDialect.ProviderName, SqlServerDialect.ProviderName }.SelectMany(e => SqlResources.Names($"{e}/fragments/").Select(f => $"{e}/fragments/{f}"))];

    [Theory, MemberData(nameof(Fragments))]
    public void Every_fragment_is_included_by_a_statement_of_its_engine(string fragment)
    {
        var engine = fragment.Split('/')[0];
        var include = $"{{include:{Path.GetFileNameWithoutExtension(fragment)}}}";

        Assert.Contains(SqlResources.Names($"{engine}/queries/"), query => SqlResources.Read($"{engine}/queries/{query}").Contains(include, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\{[A-Za-z_]+(:[A-Za-z_]+)?\}")]
    private static partial Regex Token();
}
