using System.Data.Common;
using Runtype.Grains;
using Runtype.Storage.Sql;

namespace Runtype.Static.Tests.TSql;

/// <summary>
/// A listing page goes out as one batch (<see cref="SqlStatements.ListPage"/>). Each of its commands must be the
/// statement the single-command builder makes for the same arguments, text and parameters alike: those are what
/// <see cref="TSqlBinderTests"/> binds against the schema (and <see cref="ListingPlanTests"/> plans on PostgreSQL),
/// so the batch sends nothing they have not checked. No server is needed.
/// </summary>
public sealed class ListingBatchTests
{
    private static readonly ConversationSortKey Key = new(new DateTime(2024, 1, 2, 12, 0, 0, 123, DateTimeKind.Utc), "conv_01HZZZZZZZZZZZZZZZZZZZZZZZ");

    private static readonly Dictionary<string, ConversationFilter> Filters = new(StringComparer.Ordinal)
    {
        ["none"] = new(),
        ["surface and status"] = new("email", ConversationStatus.Open),
        ["all"] = new("email", ConversationStatus.Open, "t", "a@example.com"),
    };

    public static TheoryData<string, string, bool, bool> Shapes
    {
        get
        {
            var shapes = new TheoryData<string, string, bool, bool>();
            foreach (var engine in new[] { PostgresDialect.ProviderName, SqlServerDialect.ProviderName })
            {
                foreach (var filter in Filters.Keys)
                {
                    // engine, filter, with a key, backward
                    shapes.Add(engine, filter, false, false);
                    shapes.Add(engine, filter, true, false);
                    shapes.Add(engine, filter, true, true);
                }
            }

            return shapes;
        }
    }

    /// <summary>Why there is no sequential fallback: both engines' providers batch.</summary>
    [Theory]
    [InlineData(PostgresDialect.ProviderName)]
    [InlineData(SqlServerDialect.ProviderName)]
    public void Both_engines_batch(string engine) => Assert.True(SqlDialect.ForProvider(engine)!.Factory.CanCreateBatch);

    [Theory, MemberData(nameof(Shapes))]
    public void A_page_batch_is_the_page_the_look_past_its_key_and_the_total_as_built_alone(string engine, string filterName, bool withKey, bool backward)
    {
        var statements = new SqlStatements(SqlDialect.ForProvider(engine)!);
        var filter = Filters[filterName];
        var query = new ConversationListQuery(filter, 10, withKey ? Key : null, backward);
        var (page, look) = backward && withKey ? ("ListNewer", "ListOlder") : ("ListOlder", "ListNewer");
        var expected = new List<DbCommand> { statements.ListConversations(page, "owner", filter, query.Key, 11) };
        if (withKey)
        {
            expected.Add(statements.ListConversations(look, "owner", filter, Key, 1, inclusive: true));
        }

        expected.Add(statements.CountConversations("owner", filter));

        using var batch = statements.ListPage("owner", query);

        Assert.Equal(expected.Count, batch.BatchCommands.Count);
        foreach (var (sent, alone) in batch.BatchCommands.Zip(expected))
        {
            Assert.Equal(alone.CommandText, sent.CommandText);
            Assert.Equal(Describe(alone.Parameters), Describe(sent.Parameters));
            alone.Dispose();
        }
    }

    [Fact]
    public void The_look_past_the_key_binds_it_inclusive_and_the_page_binds_it_strict()
    {
        var statements = new SqlStatements(new SqlServerDialect());
        using var batch = statements.ListPage("owner", new ConversationListQuery(new ConversationFilter(), 10, Key));

        Assert.Equal((Key.UpdatedAt, Key.Id, DBNull.Value, DBNull.Value), KeyValues(batch.BatchCommands[0].Parameters));
        Assert.Equal((DBNull.Value, DBNull.Value, Key.UpdatedAt, Key.Id), KeyValues(batch.BatchCommands[1].Parameters));
    }

    private static List<(string Name, System.Data.DbType Type, object? Value)> Describe(DbParameterCollection parameters) =>
        [.. parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.DbType, p.Value))];

    private static (object?, object?, object?, object?) KeyValues(DbParameterCollection parameters) =>
        (parameters["key_updated_at"].Value, parameters["key_id"].Value, parameters["from_updated_at"].Value, parameters["from_id"].Value);
}
