using System.Collections.Concurrent;
using System.Data;
using System.Globalization;
using Runtype.Grains;
using Runtype.Grains.Storage;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>
/// A listing's totalCount without a thread or e-mail filter is summed from the conversation totals that triggers
/// keep (migration 0011). Written through the real store, by concurrent writers and by writes that fail, they must
/// stay the exact count of the owner's conversations for every filter the totals serve.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class ConversationTotalsTests(StoreFixture fixture)
{
    // "chat" and "chat ": two surfaces, which SQL Server's padded "=" would take for one.
    private static readonly string[] Surfaces = ["email", "sms", "chat", "chat "];
    private static readonly ConversationStatus[] Statuses = [ConversationStatus.Open, ConversationStatus.Closed, ConversationStatus.Archived];

    public static TheoryData<string> Providers => [.. StoreFixture.ProviderNames.Where(p => p != "memory")];

    [Theory, MemberData(nameof(Providers))]
    public async Task Totals_stay_exact_under_concurrent_creates_moves_appends_imports_and_deletes(string provider)
    {
        var store = fixture.Store(provider);
        var owner = Build.Owner();
        var live = new ConcurrentDictionary<string, Conversation>(StringComparer.Ordinal);
        var created = 0;
        var deleted = 0;

        // Each writer owns its conversations, as a grain does: no write of one waits on another's version.
        await Task.WhenAll(Enumerable.Range(0, 16).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            var mine = new List<Conversation>();
            for (var step = 0; step < 40; step++)
            {
                var action = mine.Count == 0 ? 0 : random.Next(7);
                var index = mine.Count == 0 ? -1 : random.Next(mine.Count);
                var current = index < 0 ? null : mine[index];
                Conversation? next = null;
                switch (action)
                {
                    case 0 or 1:
                        next = Build.Conversation(owner, surface: Pick(random, Surfaces), status: Pick(random, Statuses));
                        Assert.Equal(StoreOutcome.Done, (await store.InsertAsync(next)).Outcome);
                        Interlocked.Increment(ref created);
                        mine.Add(next);
                        break;
                    case 2:
                        next = Moved(current!, current!.Fields with { Status = Pick(random, Statuses) });
                        Assert.Equal(StoreOutcome.Done, (await store.UpdateAsync(next, current.Version)).Outcome);
                        break;
                    case 3:
                        next = Moved(current!, current!.Fields with { SurfaceId = Pick(random, Surfaces), Status = Pick(random, Statuses) });
                        Assert.Equal(StoreOutcome.Done, (await store.UpdateAsync(next, current.Version)).Outcome);
                        break;
                    case 4:
                        // A message to a closed conversation reopens it, in the append's own update.
                        var (appended, message) = Build.Next(current!);
                        next = current!.Fields.Status == ConversationStatus.Closed
                            ? appended with { Fields = appended.Fields with { Status = ConversationStatus.Open } }
                            : appended;
                        Assert.Equal(StoreOutcome.Done, (await store.AppendAsync(next, message, current.Version)).Outcome);
                        break;
                    case 5:
                        var (imported, batch) = Import(current!, 3);
                        next = imported;
                        Assert.Equal(StoreOutcome.Done, (await store.AppendBatchAsync(next, batch, current!.Version, [])).Outcome);
                        break;
                    default:
                        Assert.Equal(StoreOutcome.Done, (await store.DeleteAsync(owner, current!.Id, current.Version)).Outcome);
                        Interlocked.Increment(ref deleted);
                        mine.RemoveAt(index);
                        live.TryRemove(current.Id, out _);
                        break;
                }

                if (next is not null)
                {
                    if (index >= 0 && action != 0 && action != 1)
                    {
                        mine[index] = next;
                    }

                    live[next.Id] = next;
                }
            }
        })));

        Assert.Equal(created - deleted, live.Count);
        foreach (var surface in Surfaces.Append(null))
        {
            foreach (var status in Statuses.Cast<ConversationStatus?>().Append(null))
            {
                var filter = new ConversationFilter(surface, status);
                var expected = live.Values.LongCount(c => (surface is null || c.Fields.SurfaceId == surface) && (status is null || c.Fields.Status == status));
                Assert.Equal((filter, expected), (filter, await TotalAsync(provider, owner, filter)));
                Assert.Equal((filter, expected), (filter, await CountRowsAsync(provider, owner, surface, status)));
            }
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Writes_that_fail_or_roll_back_leave_the_totals_as_they_were(string provider)
    {
        var store = fixture.Store(provider);
        var owner = Build.Owner();
        var holder = Build.Conversation(owner, thread: "t");
        var plain = Build.Conversation(owner);
        await store.InsertAsync(holder);
        await store.InsertAsync(plain);
        var moved = Moved(holder, holder.Fields with { Status = ConversationStatus.Closed });
        await store.UpdateAsync(moved, holder.Version);
        var before = await AllTotalsAsync(provider, owner);

        var taken = await store.InsertAsync(Build.Conversation(owner, thread: "t"));
        var again = await store.InsertAsync(plain with { Version = 9 });
        var stale = await store.UpdateAsync(Moved(holder, holder.Fields with { Status = ConversationStatus.Archived }), holder.Version);
        var (appended, message) = Build.Next(holder);
        var staleAppend = await store.AppendAsync(appended, message, holder.Version);
        var staleDelete = await store.DeleteAsync(owner, holder.Id, holder.Version);
        await InsertThenRollBackAsync(provider, Build.Conversation(owner, surface: "sms"));

        Assert.Equal(
            [StoreOutcome.ThreadTaken, StoreOutcome.AlreadyExists, StoreOutcome.VersionConflict, StoreOutcome.VersionConflict, StoreOutcome.VersionConflict],
            [taken.Outcome, again.Outcome, stale.Outcome, staleAppend.Outcome, staleDelete.Outcome]);
        Assert.Equal(before, await AllTotalsAsync(provider, owner));
        Assert.Equal(1, await TotalAsync(provider, owner, new ConversationFilter(Status: ConversationStatus.Closed)));
        Assert.Equal(0, await TotalAsync(provider, owner, new ConversationFilter("sms")));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_owners_totals_count_only_its_own_conversations(string provider)
    {
        var store = fixture.Store(provider);
        var (first, second, nobody) = (Build.Owner(), Build.Owner(), Build.Owner());
        foreach (var conversation in Enumerable.Range(0, 3).Select(_ => Build.Conversation(first))
            .Concat(Enumerable.Range(0, 5).Select(_ => Build.Conversation(second))))
        {
            await store.InsertAsync(conversation);
        }

        Assert.Equal(3, await TotalAsync(provider, first, new ConversationFilter()));
        Assert.Equal(5, await TotalAsync(provider, second, new ConversationFilter("email", ConversationStatus.Open)));
        Assert.Equal(0, await TotalAsync(provider, nobody, new ConversationFilter()));
        Assert.Equal(0, await TotalAsync(provider, nobody, new ConversationFilter("email")));
    }

    private async Task<long> TotalAsync(string provider, string owner, ConversationFilter filter) =>
        (await fixture.Index(provider).QueryAsync(owner, new ConversationListQuery(filter, 1))).TotalCount;

    /// <summary>The reference: the owner's rows counted one by one, surfaces compared by their exact text.</summary>
    private async Task<long> CountRowsAsync(string provider, string owner, string? surface, ConversationStatus? status)
    {
        var exact = provider == SqlServerDialect.ProviderName ? " AND DATALENGTH(surface_id) = DATALENGTH(@surface_id)" : "";
        return Convert.ToInt64(await QueryAsync(provider, async command =>
        {
            command.CommandText = "SELECT count(*) FROM runtype_conversations WHERE owner = @owner"
                + (surface is null ? "" : " AND surface_id = @surface_id" + exact)
                + (status is null ? "" : " AND status = @status");
            Add(provider, command, "owner", owner, DbType.String);
            Add(provider, command, "surface_id", surface, DbType.String);
            Add(provider, command, "status", status is { } s ? (short)s : null, DbType.Int16);
            return await command.ExecuteScalarAsync();
        }), CultureInfo.InvariantCulture);
    }

    /// <summary>Every listing total the totals serve, as one comparable text.</summary>
    private async Task<string> AllTotalsAsync(string provider, string owner)
    {
        var totals = new List<string>();
        foreach (var surface in Surfaces.Append(null))
        {
            foreach (var status in Statuses.Cast<ConversationStatus?>().Append(null))
            {
                totals.Add($"{surface}/{status}={await TotalAsync(provider, owner, new ConversationFilter(surface, status))}");
            }
        }

        return string.Join(", ", totals);
    }

    /// <summary>
    /// A conversation inserted and rolled back in one transaction: inside it the owner's two conversations and this
    /// one are counted; after it, only the two.
    /// </summary>
    private async Task InsertThenRollBackAsync(string provider, Conversation conversation)
    {
        await QueryAsync(provider, async command =>
        {
            await using var transaction = await command.Connection!.BeginTransactionAsync();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO runtype_conversations (owner, id, surface_id, status, context, participant_metadata, message_count, created_at, updated_at, version)
                VALUES (@owner, @id, @surface_id, 0, '{}', '{}', 0, @at, @at, 1)
                """;
            Add(provider, command, "owner", conversation.Owner, DbType.String);
            Add(provider, command, "id", conversation.Id, DbType.AnsiString);
            Add(provider, command, "surface_id", conversation.Fields.SurfaceId, DbType.String);
            Add(provider, command, "at", conversation.CreatedAt, DbType.DateTime2);
            await command.ExecuteNonQueryAsync();
            command.Parameters.Clear();
            command.CommandText = "SELECT sum(total) FROM runtype_conversation_totals WHERE owner = @owner";
            Add(provider, command, "owner", conversation.Owner, DbType.String);
            Assert.Equal(3L, Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
            await transaction.RollbackAsync();
            return null;
        });
    }

    private async Task<object?> QueryAsync(string provider, Func<System.Data.Common.DbCommand, Task<object?>> run)
    {
        var database = fixture.Database(provider);
        await using var connection = database.Dialect.Factory.CreateConnection()!;
        connection.ConnectionString = database.ConnectionString;
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        return await run(command);
    }

    private void Add(string provider, System.Data.Common.DbCommand command, string name, object? value, DbType type) =>
        command.Parameters.Add(fixture.Database(provider).Dialect.Parameter(name, value, type));

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];

    private static Conversation Moved(Conversation current, ConversationFields fields) =>
        current with { Fields = fields, UpdatedAt = current.UpdatedAt.AddMilliseconds(1), Version = current.Version + 1 };

    private static (Conversation Updated, List<Message> Batch) Import(Conversation current, int count)
    {
        var batch = Enumerable.Range(0, count).Select(i => new Message
        {
            Id = Identifiers.NewMessageId(),
            ConversationId = current.Id,
            Position = current.MessageCount + 1 + i,
            Content = "imported " + i,
            CreatedAt = current.UpdatedAt.AddMilliseconds(i),
        }).ToList();
        var updated = current with
        {
            MessageCount = batch[^1].Position,
            LastMessageAt = batch[^1].CreatedAt,
            UpdatedAt = current.UpdatedAt.AddMilliseconds(count),
            Version = current.Version + 1,
        };
        return (updated, batch);
    }
}
