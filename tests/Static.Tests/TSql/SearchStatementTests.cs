using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Runtype.Grains;
using Runtype.Grains.Search;
using Runtype.Storage.Sql;

namespace Runtype.Static.Tests.TSql;

/// <summary>
/// SQL Server's SearchMessages as <see cref="SqlStatements.SearchMessages"/> builds it, for every filter shape: on
/// PostgreSQL each shape is a statement of its own (ListingQueries drops the lines of absent filters), on SQL Server
/// the template has no such lines and every shape must be the one statement with its optional filters folded away by
/// RECOMPILE. Each is bound against the schema the migrations leave (with <see cref="TSqlBinderTests"/>, which also
/// checks the types and the trailing-space-safe equalities of the shape with every filter), and its conditions are
/// read from the syntax tree: the full-text match, the redaction check and the owner are never optional.
/// </summary>
public sealed class SearchStatementTests
{
    private static readonly TSqlSchema Schema = TSqlSchema.FromMigrations();
    private static readonly SqlServerDialect Dialect = new();
    private static readonly SqlStatements Statements = new(Dialect);
    private static readonly SearchExpression Expression = SearchQueryParser.Parse("refund OR return \"my order\" -please", out _)!;
    private static readonly MessageSearchKey Key = new(new DateTime(2024, 5, 1, 9, 30, 0, 123, DateTimeKind.Utc), "msg_01HZZZZZZZZZZZZZZZZZZZZZZZ");

    private static readonly MessageSearchFilter Every = new()
    {
        ConversationId = "conv_01HZZZZZZZZZZZZZZZZZZZZZZZ", SurfaceId = "email", Status = ConversationStatus.Open, Role = MessageRole.User,
        Direction = MessageDirection.Inbound, CreatedAfter = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        CreatedBefore = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), ParticipantEmail = "a@example.com",
    };

    /// <summary>No filter, each alone, all of them; each without a key and with one.</summary>
    internal static readonly Dictionary<string, MessageSearchQuery> Shapes = new(StringComparer.Ordinal)
    {
        ["no filter"] = Query(new MessageSearchFilter()),
        ["conversationId"] = Query(new MessageSearchFilter { ConversationId = Every.ConversationId }),
        ["surfaceId"] = Query(new MessageSearchFilter { SurfaceId = Every.SurfaceId }),
        ["status"] = Query(new MessageSearchFilter { Status = Every.Status }),
        ["participantEmail"] = Query(new MessageSearchFilter { ParticipantEmail = Every.ParticipantEmail }),
        ["role"] = Query(new MessageSearchFilter { Role = Every.Role }),
        ["direction"] = Query(new MessageSearchFilter { Direction = Every.Direction }),
        ["createdAfter"] = Query(new MessageSearchFilter { CreatedAfter = Every.CreatedAfter }),
        ["createdBefore"] = Query(new MessageSearchFilter { CreatedBefore = Every.CreatedBefore }),
        ["every filter"] = Query(Every),
        ["a key"] = Query(new MessageSearchFilter()) with { After = Key },
        ["every filter and a key"] = Query(Every) with { After = Key },
    };

    // Parameters a search always has a value for; every other one is a filter or the key, absent when null.
    private static readonly string[] Always = ["@owner", "@search", "@take"];

    public static TheoryData<string> ShapeNames => [.. Shapes.Keys];

    [Theory, MemberData(nameof(ShapeNames))]
    public void Every_shape_is_the_template_as_it_stands_with_every_parameter_it_uses_bound(string shape)
    {
        var template = Dialect.Query("SearchMessages");
        using var command = Statements.SearchMessages("owner", Shapes[shape], 21);
        var binding = TSqlBinding.Of(command.CommandText);
        var bound = command.Parameters.Cast<DbParameter>().Select(p => "@" + p.ParameterName).ToList();

        // No line of the template is dropped for an absent filter: it has no "-- when" lines.
        Assert.Equal(template, ListingQueries.Compose(template, []));
        Assert.Equal(template, command.CommandText);
        Assert.Equal(binding.Parameters.Order(StringComparer.OrdinalIgnoreCase), bound.Order(StringComparer.OrdinalIgnoreCase));
        Assert.All(binding.Tables, table => Assert.True(Schema.HasTable(table), $"no table {table}"));
        Assert.All(binding.Columns, column => Assert.True(binding.Tables.Any(t => Schema.Column(t, column) is not null), $"no column {column}"));
    }

    /// <summary>A filter the caller left out is sent as NULL, which its <c>@x IS NULL OR</c> turns into no condition.</summary>
    [Theory, MemberData(nameof(ShapeNames))]
    public void Every_absent_filter_is_sent_as_null_and_every_present_one_with_its_value(string shape)
    {
        var query = Shapes[shape];
        using var command = Statements.SearchMessages("owner", query, 21);
        var f = query.Filter;
        var expected = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["conversation_id"] = f.ConversationId, ["surface_id"] = f.SurfaceId, ["status"] = (short?)f.Status,
            ["participant_email"] = f.ParticipantEmail, ["role"] = (short?)f.Role, ["direction"] = (short?)f.Direction,
            ["created_after"] = f.CreatedAfter, ["created_before"] = f.CreatedBefore,
            ["key_created_at"] = query.After?.CreatedAt, ["key_id"] = query.After?.Id,
        };

        Assert.All(expected, e => Assert.Equal(e.Value ?? DBNull.Value, command.Parameters[e.Key].Value));
        Assert.Equal(Dialect.SearchText(Expression), command.Parameters["search"].Value);
        Assert.Equal(21, command.Parameters["take"].Value);
    }

    [Fact]
    public void Every_optional_parameter_drops_its_own_filter_and_nothing_else_when_null()
    {
        var conditions = Conditions(out _);
        var optional = TSqlBinding.Of(Dialect.Query("SearchMessages")).Parameters.Except(Always, StringComparer.OrdinalIgnoreCase).Except(["@key_id"]);

        Assert.All(optional, parameter => Assert.Single(conditions, c =>
            c is BooleanParenthesisExpression { Expression: BooleanBinaryExpression { BinaryExpressionType: BooleanBinaryExpressionType.Or } or }
            && Leftmost(or) is BooleanIsNullExpression { IsNot: false, Expression: VariableReference v }
            && v.Name.Equals(parameter, StringComparison.OrdinalIgnoreCase)));
        // The key's id is only compared where the key's instant is given: both come from one cursor.
        Assert.Contains("@key_id", TSqlText.Of(Assert.Single(conditions, c => TSqlText.Of(c).Contains("@key_created_at IS NULL", StringComparison.Ordinal))), StringComparison.Ordinal);
    }

    /// <summary>
    /// The match and the redaction check are conditions of their own, never behind an optional filter: the full-text
    /// index may still hold a redacted message's words for a moment (it follows writes asynchronously).
    /// </summary>
    [Fact]
    public void The_full_text_match_on_content_and_the_redaction_check_always_apply()
    {
        var conditions = Conditions(out _);
        var match = Assert.Single(conditions.OfType<FullTextPredicate>());
        using var command = Statements.SearchMessages("owner", Shapes["no filter"], 21);

        Assert.Equal(FullTextFunctionType.Contains, match.FullTextFunctionType);
        Assert.Equal("content", Assert.Single(match.Columns).MultiPartIdentifier.Identifiers[^1].Value);
        Assert.Equal("@search", Assert.IsType<VariableReference>(match.Value).Name);
        // CONTAINS takes its condition as nvarchar: words outside the ANSI code page must arrive intact.
        Assert.Equal(System.Data.SqlDbType.NVarChar, ((SqlParameter)command.Parameters["search"]).SqlDbType);
        Assert.Single(conditions, c => c is BooleanIsNullExpression { IsNot: false, Expression: ColumnReferenceExpression column }
            && column.MultiPartIdentifier.Identifiers[^1].Value == "redacted_at");
    }

    [Fact]
    public void Only_the_owners_conversations_are_joined()
    {
        Conditions(out var specification);
        var join = Assert.IsType<QualifiedJoin>(Assert.Single(specification.FromClause.TableReferences));

        Assert.Equal(QualifiedJoinType.Inner, join.QualifiedJoinType);
        Assert.Equal("runtype_conversations", Assert.IsType<NamedTableReference>(join.SecondTableReference).SchemaObject.BaseIdentifier.Value);
        Assert.Contains("c.owner = @owner", TSqlText.Of(join.SearchCondition), StringComparison.Ordinal);
        Assert.Contains("c.id = m.conversation_id", TSqlText.Of(join.SearchCondition), StringComparison.Ordinal);
    }

    /// <summary>The page order is the cursor's (createdAt desc, then id desc), and each call is planned with its values.</summary>
    [Fact]
    public void A_page_is_the_first_take_rows_newest_first_planned_with_their_values()
    {
        var statement = Select();
        var specification = (QuerySpecification)statement.QueryExpression;

        Assert.Equal("@take", Assert.IsType<VariableReference>(Assert.IsType<ParenthesisExpression>(specification.TopRowFilter.Expression).Expression).Name);
        Assert.Equal(["m.created_at Descending", "m.id Descending"], specification.OrderByClause.OrderByElements.Select(e => $"{TSqlText.Of(e.Expression)} {e.SortOrder}"));
        Assert.Contains(statement.OptimizerHints, h => h.HintKind == OptimizerHintKind.Recompile);
    }

    /// <summary>SqlRows.SearchMatch reads one row shape from both engines: the message's columns, then the conversation's five.</summary>
    [Fact]
    public void Its_result_columns_are_PostgreSQLs_the_message_row_then_the_conversations_five()
    {
        var specification = (QuerySpecification)Select().QueryExpression;
        var columns = specification.SelectElements.Select(e => TSqlText.Of(Assert.IsType<SelectScalarExpression>(e).Expression)).ToList();
        var postgres = new PostgresDialect().Query("SearchMessages");
        var postgresColumns = postgres[(postgres.IndexOf("SELECT ", StringComparison.Ordinal) + 7)..postgres.IndexOf("\nFROM", StringComparison.Ordinal)]
            .Split(',').Select(c => c.Trim());

        Assert.Equal(
            MessageColumns.Row.Select(c => "m." + c.Name).Concat(["c.surface_id", "c.status", "c.subject", "c.participant_name", "c.participant_email"]),
            columns);
        Assert.Equal(postgresColumns, columns);
    }

    private static MessageSearchQuery Query(MessageSearchFilter filter) => new(Expression, filter, 20);

    /// <summary>The page's SELECT, after the wait for the full-text index to catch up (a DECLARE and a WHILE of WAITFORs).</summary>
    private static SelectStatement Select()
    {
        var statements = Assert.Single(((TSqlScript)TSqlText.Parse(Dialect.Query("SearchMessages"))).Batches).Statements;
        Assert.Collection(statements,
            s => Assert.IsType<DeclareVariableStatement>(s),
            s => Assert.Contains(((WhileStatement)s).Statement.ScriptTokenStream.Skip(s.FirstTokenIndex).Take(s.LastTokenIndex - s.FirstTokenIndex + 1),
                token => token.TokenType == TSqlTokenType.WaitFor),
            s => Assert.IsType<SelectStatement>(s));
        return (SelectStatement)statements[2];
    }

    /// <summary>The conditions the WHERE clause ANDs together, each as written.</summary>
    private static List<BooleanExpression> Conditions(out QuerySpecification specification)
    {
        specification = (QuerySpecification)Select().QueryExpression;
        var conditions = new List<BooleanExpression>();
        var pending = new Stack<BooleanExpression>([specification.WhereClause.SearchCondition]);
        while (pending.TryPop(out var condition))
        {
            if (condition is BooleanBinaryExpression { BinaryExpressionType: BooleanBinaryExpressionType.And } and)
            {
                pending.Push(and.SecondExpression);
                pending.Push(and.FirstExpression);
            }
            else
            {
                conditions.Add(condition);
            }
        }

        return conditions;
    }

    private static BooleanExpression Leftmost(BooleanBinaryExpression or) =>
        or.FirstExpression is BooleanBinaryExpression { BinaryExpressionType: BooleanBinaryExpressionType.Or } inner ? Leftmost(inner) : or.FirstExpression;
}
