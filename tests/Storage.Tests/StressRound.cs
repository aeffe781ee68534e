using System.Collections.Concurrent;
using System.Diagnostics;
using Runtype.Grains;
using Runtype.Grains.Storage;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>
/// One round of <see cref="PreparedStatementTests"/>' stress: writers that each act as an activation of three shared
/// conversations and of one of their own, read the conversation, and write from that version. Every answer is checked
/// as it comes; a failure is recorded (and stops the round) rather than thrown, so one report names the first.
/// </summary>
internal sealed class StressRound(IConversationStore store, ConcurrentQueue<string> failures, int seed)
{
    private const string RefusedContent = "refused\0content";

    // Per conversation id: the messages and the writes that took effect, to check the stored conversation against.
    private readonly ConcurrentDictionary<string, int> _messages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _writes = new(StringComparer.Ordinal);

    public async Task RunAsync(int writers, int opsEach, Stopwatch clock, TimeSpan budget)
    {
        var owner = Build.Owner();
        var conversations = new List<Conversation>();
        for (var i = 0; i < 3 + writers; i++)
        {
            var conversation = Build.Conversation(owner);
            await store.InsertAsync(conversation);
            conversations.Add(conversation);
        }

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var random = new Random((seed * 1000) + w);
            for (var op = 0; op < opsEach && clock.Elapsed < budget && failures.IsEmpty; op++)
            {
                var target = conversations[random.Next(2) == 0 ? random.Next(3) : 3 + w];
                var kind = random.Next(10);
                try
                {
                    await WriteAsync(kind, (await store.FindAsync(target.Owner, target.Id))!, random);
                }
                catch (Exception ex)
                {
                    failures.Enqueue($"round {seed}, writer {w}, write {op} (kind {kind}): {ex.GetType().FullName}: {ex.Message}");
                }
            }
        })));

        // A write that failed has no known outcome, so the conversations are checked only when none did.
        foreach (var conversation in failures.IsEmpty ? conversations : [])
        {
            await CheckAsync(conversation);
        }
    }

    private async Task WriteAsync(int kind, Conversation current, Random random)
    {
        var last = current.MessageCount == 0 ? null
            : (await store.ReadMessagesAsync(current.Owner, current.Id, new MessageQuery(1, Descending: true)))[0];
        switch (kind)
        {
            case <= 2:
            {
                // From the version just read: done, or another writer got there first.
                var (updated, message) = Build.Next(current, "live", random.Next(2) == 0 ? null : "e-" + Guid.NewGuid().ToString("N"));
                Expect(await store.AppendAsync(updated, message, current.Version), current, 1, StoreOutcome.Done, StoreOutcome.VersionConflict);
                break;
            }

            case 3:
            {
                var (updated, message) = Build.Next(current, "stale");
                Expect(await store.AppendAsync(updated, message, current.Version - 1), current, 1, StoreOutcome.VersionConflict);
                break;
            }

            case 4 when last is not null:
            {
                // A redelivery: the stored message's external id, or its id where it has none.
                var (updated, message) = Build.Next(current, "again", last.ExternalMessageId);
                message = last.ExternalMessageId is null ? message with { Id = last.Id } : message;
                var result = await store.AppendAsync(updated, message, current.Version);
                Expect(result, current, 1, StoreOutcome.Duplicate);
                Check(result.Existing?.Id == last.Id, $"a redelivery answered with {result.Existing?.Id}, not {last.Id}");
                break;
            }

            case 4 or 5 or 6:
            {
                var (updated, batch) = PreparedStatementTests.Import(current, "history", null, 1 + random.Next(5));
                Expect(await store.AppendBatchAsync(updated, batch, current.Version, []), current, batch.Count, StoreOutcome.Done, StoreOutcome.VersionConflict);
                break;
            }

            case 7 when last is not null:
            {
                // A stored id under a fresh external id: the unique index refuses it, and the store asks again with the ids.
                var (updated, batch) = PreparedStatementTests.Import(current, "retried", last.Id, 1 + random.Next(3));
                var result = await store.AppendBatchAsync(updated, batch, current.Version, []);
                Expect(result, current, batch.Count, StoreOutcome.Duplicate, StoreOutcome.VersionConflict);
                Check(result.Outcome != StoreOutcome.Duplicate || result.TakenMessageIds.SequenceEqual([last.Id]), $"an import named {string.Join(",", result.TakenMessageIds)} taken, not {last.Id}");
                break;
            }

            case 8:
            {
                var (updated, message) = Build.Next(current, RefusedContent);
                await Refused(() => store.AppendAsync(updated, message, current.Version));
                break;
            }

            case 9:
            {
                var (updated, batch) = PreparedStatementTests.Import(current, RefusedContent, null, 1 + random.Next(3));
                await Refused(() => store.AppendBatchAsync(updated, batch, current.Version, []));
                break;
            }
        }
    }

    private void Expect(StoreResult result, Conversation current, int messages, params StoreOutcome[] allowed) =>
        Record(result.Outcome, current, messages, allowed);

    private void Expect(AppendBatchResult result, Conversation current, int messages, params StoreOutcome[] allowed) =>
        Record(result.Outcome, current, messages, allowed);

    private void Record(StoreOutcome outcome, Conversation current, int messages, StoreOutcome[] allowed)
    {
        Check(allowed.Contains(outcome), $"{current.Id} at version {current.Version} answered {outcome}");
        if (outcome == StoreOutcome.Done)
        {
            _messages.AddOrUpdate(current.Id, messages, (_, n) => n + messages);
            _writes.AddOrUpdate(current.Id, 1, (_, n) => n + 1);
        }
    }

    private static async Task Refused(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (StorageFaultException)
        {
            return;
        }

        throw new InvalidOperationException("A write PostgreSQL cannot take was not refused.");
    }

    private async Task CheckAsync(Conversation conversation)
    {
        var stored = (await store.FindAsync(conversation.Owner, conversation.Id))!;
        var messages = await store.ReadMessagesAsync(conversation.Owner, conversation.Id, new MessageQuery(1000, Descending: false));
        var expected = _messages.GetValueOrDefault(conversation.Id);
        Check(stored.MessageCount == expected && stored.Version == 1 + _writes.GetValueOrDefault(conversation.Id),
            $"{conversation.Id} holds {stored.MessageCount} messages at version {stored.Version}; {expected} in {_writes.GetValueOrDefault(conversation.Id)} writes were answered Done");
        Check(messages.Select(m => m.Position).SequenceEqual(Enumerable.Range(1, expected).Select(p => (long)p)), $"{conversation.Id}'s positions are not 1 to {expected}");
        Check(messages.Select(m => m.Id).Distinct().Count() == messages.Count, $"{conversation.Id} holds an id twice");
    }

    private void Check(bool condition, string failure)
    {
        if (!condition)
        {
            failures.Enqueue($"round {seed}: {failure}");
        }
    }
}
