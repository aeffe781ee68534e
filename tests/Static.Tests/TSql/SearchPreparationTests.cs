using Microsoft.SqlServer.TransactSql.ScriptDom;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Static.Tests.TSql;

/// <summary>
/// What SQL Server's search stands on, read without a server: migration 0015 gives each message a key the full-text
/// index can use, and PrepareSearch.sql (run at start-up, outside a transaction) creates the catalog and the index
/// only where Full-Text Search is installed, forgiving the race of two silos, then says whether search works. Its
/// CREATE FULLTEXT statements name no parameter or column reference, so the binder's generic checks would pass them
/// blindly: each name they use is checked against the schema here.
/// </summary>
public sealed class SearchPreparationTests
{
    private static readonly TSqlSchema Schema = TSqlSchema.FromMigrations();
    private static readonly string Preparation = new SqlServerDialect().Query("PrepareSearch");

    [Fact]
    public void The_migration_gives_every_message_a_server_numbered_key_unique_by_the_index_the_full_text_index_names()
    {
        var migration = Parse(SqlResources.Read("sqlserver/migrations/0015_search.sql"));
        var added = Assert.Single(Find<AlterTableAddTableElementStatement>(migration));
        var column = Assert.Single(added.Definition.ColumnDefinitions);
        var unique = Assert.IsType<UniqueConstraintDefinition>(Assert.Single(column.Constraints, c => c is UniqueConstraintDefinition));

        Assert.Equal("runtype_messages", added.SchemaObjectName.BaseIdentifier.Value);
        Assert.Equal("search_key", column.ColumnIdentifier.Value);
        Assert.NotNull(column.IdentityOptions);
        Assert.Contains(column.Constraints, c => c is NullableConstraintDefinition { Nullable: false });
        Assert.False(unique.IsPrimaryKey);
        Assert.Equal("ux_runtype_messages_search_key", unique.ConstraintIdentifier.Value);
        Assert.Equal("ux_runtype_messages_search_key", FullTextIndex().KeyIndexName.Value);
        // The key the full-text engine stores: an integer, as its documentation advises.
        Assert.Equal("bigint", Schema.Column("runtype_messages", "search_key")?.Type);
    }

    [Fact]
    public void The_migration_indexes_messages_newest_first_for_the_walk_of_a_common_word()
    {
        var index = Assert.Single(Find<CreateIndexStatement>(Parse(SqlResources.Read("sqlserver/migrations/0015_search.sql"))));

        Assert.Equal("runtype_messages", index.OnName.BaseIdentifier.Value);
        Assert.Equal(
            ["created_at Descending", "id Descending"],
            index.Columns.Select(c => $"{c.Column.MultiPartIdentifier.Identifiers[^1].Value} {c.SortOrder}"));
    }

    /// <summary>
    /// An IDENTITY column takes no value from an INSERT (SQL Server refuses one unless IDENTITY_INSERT is on), so every
    /// statement that inserts messages must name its columns, and not the key.
    /// </summary>
    [Fact]
    public void Every_insert_of_messages_names_its_columns_and_leaves_the_key_to_the_server()
    {
        var inserts = SqlResources.Names("sqlserver/queries/")
            .SelectMany(name => Find<InsertSpecification>(Parse(SqlResources.Shipped("sqlserver/queries/" + name))))
            .Where(i => i.Target is NamedTableReference { SchemaObject.BaseIdentifier.Value: "runtype_messages" })
            .ToList();

        Assert.NotEmpty(inserts);
        Assert.All(inserts, insert =>
        {
            Assert.NotEmpty(insert.Columns);
            Assert.DoesNotContain(insert.Columns, c => c.MultiPartIdentifier.Identifiers[^1].Value == "search_key");
        });
    }

    [Fact]
    public void The_full_text_index_covers_the_messages_content_as_English_with_every_word_kept_up_to_date_by_the_server()
    {
        var index = FullTextIndex();
        var column = Assert.Single(index.FullTextIndexColumns);

        Assert.Equal("runtype_messages", index.OnName.BaseIdentifier.Value);
        Assert.Equal("content", column.Name.Value);
        Assert.Equal("nvarchar", Schema.Column("runtype_messages", column.Name.Value)?.Type);
        Assert.Equal("1033", Assert.IsType<IntegerLiteral>(column.LanguageTerm.ValueExpression).Value);
        Assert.Equal("runtype_search", index.CatalogAndFileGroup.CatalogName.Value);
        Assert.Contains(index.Options, o => o is ChangeTrackingFullTextIndexOption { Value: ChangeTrackingOption.Auto });
        Assert.Contains(index.Options, o => o is StopListFullTextIndexOption { IsOff: true });

        var catalog = Assert.Single(Find<CreateFullTextCatalogStatement>(Parse(Preparation)));
        Assert.Equal(index.CatalogAndFileGroup.CatalogName.Value, catalog.Name.Value);
        Assert.Contains(catalog.Options, o => o is OnOffFullTextCatalogOption { OptionKind: FullTextCatalogOptionKind.AccentSensitivity, OptionState: OptionState.Off });
    }

    /// <summary>A server without the component must never reach a CREATE FULLTEXT: it would fail the start-up (error 7609).</summary>
    [Fact]
    public void It_creates_only_where_Full_Text_Search_is_installed_and_then_selects_what_the_dialect_reads()
    {
        var statements = Assert.Single(((TSqlScript)Parse(Preparation)).Batches).Statements;
        var guard = Assert.IsType<IfStatement>(statements[0]);
        var select = Assert.IsType<SelectStatement>(statements[1]);

        Assert.Equal(2, statements.Count);
        Assert.Equal("FULLTEXTSERVICEPROPERTY('IsFullTextInstalled') = 1", TSqlText.Of(guard.Predicate));
        Assert.Null(guard.ElseStatement);
        Assert.Single(Find<CreateFullTextCatalogStatement>(guard.ThenStatement));
        Assert.Single(Find<CreateFullTextIndexStatement>(guard.ThenStatement));
        Assert.Equal(
            ["installed", "indexed"],
            ((QuerySpecification)select.QueryExpression).SelectElements.Cast<SelectScalarExpression>().Select(e => e.ColumnName.Value));
    }

    /// <summary>Two silos starting together both see the object missing; the one whose CREATE loses must not fail.</summary>
    [Fact]
    public void A_CREATE_that_fails_is_raised_only_when_its_object_is_still_missing()
    {
        var attempts = Find<TryCatchStatement>(Parse(Preparation));

        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, attempt =>
        {
            var create = Assert.Single(attempt.TryStatements.Statements);
            Assert.True(create is CreateFullTextCatalogStatement or CreateFullTextIndexStatement);
            var recheck = Assert.IsType<IfStatement>(Assert.Single(attempt.CatchStatements.Statements));
            Assert.StartsWith("NOT EXISTS (SELECT 1 FROM sys.fulltext_", TSqlText.Of(recheck.Predicate), StringComparison.Ordinal);
            Assert.IsType<ThrowStatement>(recheck.ThenStatement);
        });
    }

    /// <summary>The catalog views it reads are the server's own; every object it names by string is one the migrations make.</summary>
    [Fact]
    public void It_reads_only_full_text_catalog_views_names_only_tables_of_the_schema_and_takes_no_parameter()
    {
        var script = Parse(Preparation);
        var objects = Find<FunctionCall>(script).Where(f => f.FunctionName.Value == "OBJECT_ID")
            .Select(f => Assert.IsType<StringLiteral>(f.Parameters[0]).Value).ToList();

        Assert.All(Find<NamedTableReference>(script), table => Assert.Equal(
            ("sys", true), (table.SchemaObject.SchemaIdentifier.Value, table.SchemaObject.BaseIdentifier.Value is "fulltext_catalogs" or "fulltext_indexes")));
        Assert.NotEmpty(objects);
        Assert.All(objects, name => Assert.True(name.StartsWith("dbo.", StringComparison.Ordinal) && Schema.HasTable(name[4..]), $"{name} is no table of ours"));
        Assert.True(Schema.HasTable(FullTextIndex().OnName.BaseIdentifier.Value));
        Assert.Empty(TSqlBinding.Of(Preparation).Parameters);
    }

    [Fact]
    public void The_dialect_names_what_to_install_where_the_component_is_missing_and_what_to_enable_where_the_index_is_off()
    {
        Assert.Null(SqlServerDialect.SearchReadiness(installed: true, indexed: true));
        Assert.Contains("mssql-server-fts", SqlServerDialect.SearchReadiness(installed: false, indexed: false), StringComparison.Ordinal);
        Assert.Contains("Full-Text Search is not installed", SqlServerDialect.SearchReadiness(installed: false, indexed: false), StringComparison.Ordinal);
        Assert.Contains("ENABLE", SqlServerDialect.SearchReadiness(installed: true, indexed: false), StringComparison.Ordinal);
    }

    private static CreateFullTextIndexStatement FullTextIndex() => Assert.Single(Find<CreateFullTextIndexStatement>(Parse(Preparation)));

    private static TSqlFragment Parse(string text) => TSqlText.Parse(text);

    private static List<T> Find<T>(TSqlFragment fragment)
        where T : TSqlFragment
    {
        var finder = new Finder<T>();
        fragment.Accept(finder);
        return finder.Found;
    }

    private sealed class Finder<T> : TSqlFragmentVisitor
        where T : TSqlFragment
    {
        public List<T> Found { get; } = [];

        public override void Visit(TSqlFragment fragment)
        {
            if (fragment is T found)
            {
                Found.Add(found);
            }
        }
    }
}
