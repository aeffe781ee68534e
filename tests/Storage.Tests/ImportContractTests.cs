using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>What every store does with a batch append, as a history import sends it (IConversationStore.AppendBatchAsync), run against each provider.</summary>
[Collection(StoreCollection.Name)]
public sealed class ImportContractTests(StoreFixture fixture)
{
    public static TheoryData<string> Providers => StoreFixture.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task An_import_stores_its_messages_at_consecutive_positions_with_the_counters_and_one_event(string provider)
    {
        var (store, log) = (fixture.Store(provider), SettledEventLog.For(provider, fixture.Events(provider), () => fixture.Database(provider).ConnectionString));
        var current = await OneLiveMessageAsync(store);
        var (updated, batch) = Import(current, ("old 1", "e-1"), ("old 2", null), ("old 3 ü 👋", "e-3"));
        var imported = Build.Event(updated, EventType.MessagesImported, updated.Version);

        var result = await store.AppendBatchAsync(updated, batch, current.Version, [imported]);

        Assert.Equal(StoreOutcome.Done, result.Outcome);
        Assert.Equal(updated, await store.FindAsync(current.Owner, current.Id));
        var stored = await store.ReadMessagesAsync(current.Owner, current.Id, new MessageQuery(100, Descending: false));
        Assert.Equal([1L, 2, 3, 4], stored.Select(m => m.Position));
        Assert.Equal(batch, stored.Skip(1));
        var events = (await log.ReadAsync(current.Owner, new EventQuery(EventPosition.Start, 100))).Items.Select(e => e.Event).ToList();
        Assert.Equal(imported, Assert.Single(events));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_import_holding_a_stored_external_id_or_id_writes_nothing_and_names_them(string provider)
    {
        var store = fixture.Store(provider);
        var current = await OneLiveMessageAsync(store, externalId: "e-1");
        var live = (await store.ReadMessagesAsync(current.Owner, current.Id, new MessageQuery(1, Descending: true)))[0];
        var (updated, batch) = Import(current, ("again", "e-1"), ("same id", "e-2"), ("new", "e-3"), ("trailing space", "e-1 "));
        batch[1] = batch[1] with { Id = live.Id };

        var refused = await store.AppendBatchAsync(updated, batch, current.Version, [Build.Event(updated, EventType.MessagesImported, updated.Version)]);
        var probe = await store.AppendBatchAsync(updated, batch, 0, []);

        foreach (var result in new[] { refused, probe })
        {
            Assert.Equal(StoreOutcome.Duplicate, result.Outcome);
            Assert.Equal(["e-1"], result.TakenExternalIds);
            Assert.Equal([live.Id], result.TakenMessageIds);
        }

        Assert.Equal(current, await store.FindAsync(current.Owner, current.Id));
        Assert.Equal([live], await store.ReadMessagesAsync(current.Owner, current.Id, new MessageQuery(100, Descending: false)));

        // External ids compare exactly: "e-1 " is not "e-1" (SQL Server's "=" would say it is).
        var (exact, rest) = Import(current, ("trailing space", "e-1 "));
        Assert.Equal(StoreOutcome.Done, (await store.AppendBatchAsync(exact, rest, current.Version, [])).Outcome);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_batch_whose_only_clash_is_a_stored_id_writes_nothing_and_names_it(string provider)
    {
        // A retry under reserved ids whose first attempt committed: no external id to find it by. PostgreSQL does not
        // look for fresh ids first; the unique index refuses the insert and the store then asks which ids it holds.
        var store = fixture.Store(provider);
        var current = await OneLiveMessageAsync(store);
        var live = (await store.ReadMessagesAsync(current.Owner, current.Id, new MessageQuery(1, Descending: true)))[0];
        var (updated, batch) = Import(current, ("first", null), ("retried", null));
        batch[1] = batch[1] with { Id = live.Id };

        var refused = await store.AppendBatchAsync(updated, batch, current.Version, [Build.Event(updated, EventType.MessagesImported, updated.Version)]);

        Assert.Equal(StoreOutcome.Duplicate, refused.Outcome);
        Assert.Empty(refused.TakenExternalIds);
        Assert.Equal([live.Id], refused.TakenMessageIds);
        Assert.Equal(current, await store.FindAsync(current.Owner, current.Id));
        Assert.Equal([live], await store.ReadMessagesAsync(current.Owner, current.Id, new MessageQuery(100, Descending: false)));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_refusal_for_a_stored_external_id_names_every_id_of_the_batch_the_conversation_holds(string provider)
    {
        // A keyed import retried after its first attempt committed but its answer was lost (docs/reliability.md,
        // finding 5): only one of its messages has an external id, and the answer must count all it imported.
        var store = fixture.Store(provider);
        var current = await OneLiveMessageAsync(store);
        var (updated, batch) = Import(current, ("no external id", null), ("with one", "e-2"), ("none either", null));
        Assert.Equal(StoreOutcome.Done, (await store.AppendBatchAsync(updated, batch, current.Version, [])).Outcome);
        var (again, retried) = Import(updated, ("no external id", null), ("with one", "e-2"), ("none either", null));
        retried = [.. retried.Select((m, i) => m with { Id = batch[i].Id })];

        var refused = await store.AppendBatchAsync(again, retried, updated.Version, [Build.Event(again, EventType.MessagesImported, again.Version)]);

        Assert.Equal(StoreOutcome.Duplicate, refused.Outcome);
        Assert.Equal(["e-2"], refused.TakenExternalIds);
        Assert.Equal(batch.Select(m => m.Id).Order(StringComparer.Ordinal), refused.TakenMessageIds.Order(StringComparer.Ordinal));
        Assert.Equal(updated, await store.FindAsync(current.Owner, current.Id));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_probe_from_version_0_with_nothing_taken_writes_nothing(string provider)
    {
        var store = fixture.Store(provider);
        var current = await OneLiveMessageAsync(store);
        var (updated, batch) = Import(current, ("a", "a"), ("b", null));

        var probe = await store.AppendBatchAsync(updated, batch, 0, [Build.Event(updated, EventType.MessagesImported, updated.Version)]);

        Assert.Equal(StoreOutcome.VersionConflict, probe.Outcome);
        Assert.Equal(current, await store.FindAsync(current.Owner, current.Id));
        Assert.Single(await store.ReadMessagesAsync(current.Owner, current.Id, new MessageQuery(100, Descending: false)));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_import_from_a_stale_version_or_into_a_missing_conversation_writes_nothing(string provider)
    {
        var store = fixture.Store(provider);
        var current = await OneLiveMessageAsync(store);
        var (updated, batch) = Import(current, ("a", "a"), ("b", null));
        var (ghost, ghostBatch) = Import(Build.Conversation(current.Owner), ("a", null));

        var stale = await store.AppendBatchAsync(updated, batch, current.Version - 1, []);
        var missing = await store.AppendBatchAsync(ghost, ghostBatch, 1, []);

        Assert.Equal(StoreOutcome.VersionConflict, stale.Outcome);
        Assert.Equal(StoreOutcome.Missing, missing.Outcome);
        Assert.Equal(current, await store.FindAsync(current.Owner, current.Id));
        Assert.Single(await store.ReadMessagesAsync(current.Owner, current.Id, new MessageQuery(100, Descending: false)));
    }

    /// <summary>
    /// Writers that each act as an activation of the same conversation (a second activation is possible while a silo
    /// fails): each reads the conversation, appends one message or imports a batch from that version, and on a lost
    /// race reads again. The version fence keeps every position taken exactly once.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task Live_appends_and_imports_racing_on_one_conversation_leave_positions_1_to_N_without_gaps_or_duplicates(string provider)
    {
        var store = fixture.Store(provider);
        var conversation = Build.Conversation(Build.Owner());
        await store.InsertAsync(conversation);
        const int writers = 4, writesEach = 15;

        var written = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var messages = 0;
            for (var i = 0; i < writesEach; i++)
            {
                while (true)
                {
                    var current = (await store.FindAsync(conversation.Owner, conversation.Id))!;
                    if (i % 2 == 0)
                    {
                        var (updated, message) = Build.Next(current, $"live {w}.{i}");
                        if ((await store.AppendAsync(updated, message, current.Version)).Outcome == StoreOutcome.Done)
                        {
                            messages++;
                            break;
                        }
                    }
                    else
                    {
                        var (updated, batch) = Import(current, [.. Enumerable.Range(0, 1 + (i % 5)).Select(k => ($"import {w}.{i}.{k}", (string?)$"x-{w}-{i}-{k}"))]);
                        if ((await store.AppendBatchAsync(updated, batch, current.Version, [])).Outcome == StoreOutcome.Done)
                        {
                            messages += batch.Count;
                            break;
                        }
                    }
                }
            }

            return messages;
        })));

        var total = written.Sum();
        var stored = await store.ReadMessagesAsync(conversation.Owner, conversation.Id, new MessageQuery(1000, Descending: false));
        Assert.Equal(Enumerable.Range(1, total).Select(p => (long)p), stored.Select(m => m.Position));
        Assert.Equal(total, stored.Select(m => m.Id).Distinct().Count());
        var final = (await store.FindAsync(conversation.Owner, conversation.Id))!;
        Assert.Equal((long)total, final.MessageCount);
        Assert.Equal(1 + (writers * writesEach), final.Version);
    }

    private static async Task<Conversation> OneLiveMessageAsync(IConversationStore store, string? externalId = null)
    {
        var conversation = Build.Conversation(Build.Owner());
        await store.InsertAsync(conversation);
        var (updated, message) = Build.Next(conversation, externalId: externalId);
        Assert.Equal(StoreOutcome.Done, (await store.AppendAsync(updated, message, conversation.Version)).Outcome);
        return updated;
    }

    /// <summary>A batch after <paramref name="current"/>'s messages, dated after it, and the conversation after it, as the grain builds them.</summary>
    private static (Conversation Updated, List<Message> Batch) Import(Conversation current, params (string Content, string? ExternalId)[] messages)
    {
        var batch = messages.Select((m, i) => new Message
        {
            Id = Identifiers.NewMessageId(),
            ConversationId = current.Id,
            Position = current.MessageCount + 1 + i,
            Role = i % 2 == 0 ? MessageRole.User : MessageRole.Assistant,
            Direction = i % 2 == 0 ? MessageDirection.Inbound : MessageDirection.Outbound,
            Content = m.Content,
            ExternalMessageId = m.ExternalId,
            FlowStepResultId = i == 0 ? "step-1" : null,
            Metadata = i == 0 ? """{"folder":"inbox"}""" : "{}",
            CreatedAt = current.UpdatedAt.AddMilliseconds(i),
        }).ToList();
        var updated = current with
        {
            MessageCount = batch[^1].Position,
            LastMessageAt = batch[^1].CreatedAt,
            UpdatedAt = current.UpdatedAt.AddMilliseconds(batch.Count),
            Version = current.Version + 1,
        };
        return (updated, batch);
    }
}
