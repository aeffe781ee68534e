using System.Diagnostics;
using System.Globalization;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// The event feed and redaction on a large log: one owner's events (1,000,000 unless RUNTYPE_BENCH_EVENTS says how many)
/// bulk-loaded once, as <see cref="EventLoad"/> describes, then one fresh API process per round. Each round reads the
/// whole feed to its end (round 1: every event; later rounds: what the previous one wrote), gets a caught-up cursor for
/// each filter, times caught-up polls (one event asked for, none there) filtered by conversationId, by a type that has
/// no events, and unfiltered; then times redactions of messages whose message.created events are among the loaded
/// ones, one at a time and 8 at a time, and checks each reached its event.
/// </summary>
public static class EventsScenario
{
    public const string EventsVariable = "RUNTYPE_BENCH_EVENTS";
    public const int Polls = 16;
    public const int InFlight = 8;
    public const int Redactions = 50;

    private const string TypeFilter = "types=conversation.deleted";

    // Per round: the redactions one at a time, those 8 at a time, and the conversation the filtered polls follow.
    private const int PicksPerRound = (2 * Redactions) + 1;

    /// <summary>The events the scenario loads: RUNTYPE_BENCH_EVENTS (for a quick try) or 1,000,000, in whole conversations.</summary>
    public static int Events => (Environment.GetEnvironmentVariable(EventsVariable) is { Length: > 0 } text
        ? int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)
        : 1_000_000) / EventLoad.EventsEach * EventLoad.EventsEach;

    public static string EventsText => Events.ToString("N0", CultureInfo.InvariantCulture);

    public static async Task<IReadOnlyList<Measurement>> RunAsync(int rounds)
    {
        var conversations = Events / EventLoad.EventsEach;
        if (conversations < rounds * PicksPerRound)
        {
            throw new InvalidOperationException($"{rounds} rounds need {rounds * PicksPerRound * EventLoad.EventsEach:N0} events at least; {EventsVariable} gives {Events:N0}.");
        }

        // One load serves every round: loading takes minutes, and each round redacts messages of conversations of its own.
        await using var database = await BenchDatabase.FreshAsync();
        var load = Stopwatch.StartNew();
        await EventLoad.LoadAsync(database.ConnectionString, conversations);
        Console.WriteLine($"  loaded {Events:N0} events ({conversations:N0} conversations) in {load.Elapsed.TotalSeconds:0} s");

        var figures = new List<Measurement>(); // in the order first measured, one value a round each.
        void Add(string name, double value)
        {
            if (figures.Find(f => f.Name == name) is not { } figure)
            {
                figures.Add(figure = new Measurement(name, "ms", new List<double>()));
            }

            ((List<double>)figure.Rounds).Add(value);
        }

        string? feedCursor = null;
        long expected = Events;
        var spacing = conversations / (rounds * PicksPerRound);
        for (var round = 1; round <= rounds; round++)
        {
            var picks = Enumerable.Range((round - 1) * PicksPerRound, PicksPerRound)
                .Select(i => (Conversation: 1 + ((long)i * spacing), Position: 1 + (i % EventLoad.MessagesEach))).ToList();
            await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString);
            using var client = api.Client();

            var walk = Stopwatch.StartNew();
            (feedCursor, var read) = await EventFeed.WalkAsync(client, "", feedCursor);
            if (read != expected)
            {
                throw new InvalidOperationException($"events scenario: the feed gave {read:N0} events, not {expected:N0}.");
            }

            Console.WriteLine($"  round {round}: read {read:N0} events to the end of the feed, {EventFeed.PageSize} a page, in {walk.Elapsed.TotalSeconds:0.0} s");

            var conversationFilter = "conversationId=" + BulkLoad.ConversationIdOf(picks[^1].Conversation);
            var conversationCursor = await EventChecks.LoadedConversationAsync(client, picks[^1].Conversation);
            var (typeCursor, deleted) = await EventFeed.WalkAsync(client, TypeFilter, null);
            if (deleted != 0)
            {
                throw new InvalidOperationException($"events scenario: {deleted} conversation.deleted events in a log that has none.");
            }

            foreach (var (filter, cursor, name) in new[]
            {
                (conversationFilter, conversationCursor, "filtered by conversationId"),
                (TypeFilter, typeCursor, "filtered by types=conversation.deleted (no such events)"),
                ("", feedCursor, "unfiltered"),
            })
            {
                var latencies = await EventFeed.PollAsync(client, filter, cursor, Polls, InFlight);
                Add($"caught-up poll {name}, limit=1, {EventsText} events, {InFlight} at a time (median of {Polls})", Measurement.MedianOf(latencies));
                Add($"caught-up poll {name} (max of {Polls})", latencies.Max());
                Console.WriteLine($"  round {round}: caught-up poll {name}: median {Measurement.MedianOf(latencies):0.00} ms, max {latencies.Max():0.00} ms");
            }

            foreach (var (messages, inFlight, name) in new[]
            {
                (picks[..Redactions], 1, "one at a time"),
                (picks[Redactions..(2 * Redactions)], InFlight, $"{InFlight} at a time"),
            })
            {
                var latencies = await EventFeed.RedactAsync(client, messages, inFlight);
                Add($"redaction of a message whose message.created is among {EventsText} events, {name} (median of {Redactions})", Measurement.MedianOf(latencies));
                Add($"redaction, {name} (p95 of {Redactions})", Measurement.PercentileOf(latencies, 0.95));
                Console.WriteLine($"  round {round}: redaction {name}: median {Measurement.MedianOf(latencies):0.00} ms, p95 {Measurement.PercentileOf(latencies, 0.95):0.00} ms");
            }

            await EventChecks.RedactedAsync(client, picks[..(2 * Redactions)]);
            expected = 2 * Redactions; // the next round reads on from here: one message.redacted per redaction.
        }

        return figures;
    }
}
