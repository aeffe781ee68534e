using Microsoft.SqlServer.TransactSql.ScriptDom;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Static.Tests;

/// <summary>
/// No SQL Server runs on our build machines, so every T-SQL script and statement we ship is at least parsed by
/// Microsoft's own parser here. Running them is the job of the suite with RUNTYPE_TEST_SQLSERVER set.
/// </summary>
public sealed class TSqlParseTests
{
    public static TheoryData<string> Scripts => [.. SqlResources.Names("sqlserver/").Select(n => "sqlserver/" + n)];

    /// <summary>A statement as it is sent (its tokens and fragments written out), a migration or a fragment as it stands.</summary>
    [Theory, MemberData(nameof(Scripts))]
    public void Every_shipped_TSql_file_parses(string resource)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(SqlResources.Shipped(resource));

        parser.Parse(reader, out var errors);

        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{resource}({e.Line},{e.Column}): {e.Message}")));
    }

    public static TheoryData<string> OrleansQueryKeys => [.. OrleansQueries.OnSqlServer().Keys];

    [Theory, MemberData(nameof(OrleansQueryKeys))]
    public void Every_TSql_query_stored_for_Orleans_parses(string key)
    {
        // The Orleans providers run these texts as they stand, so each is a T-SQL batch of its own.
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(OrleansQueries.OnSqlServer()[key]);

        parser.Parse(reader, out var errors);

        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{key}({e.Line},{e.Column}): {e.Message}")));
    }

    [Fact]
    public void The_parser_rejects_broken_TSql()
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader("SELECT TOP (@take FROM dbo.runtype_messages");

        parser.Parse(reader, out var errors);

        Assert.NotEmpty(errors);
    }
}
