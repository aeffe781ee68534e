using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// What keeping messages searchable costs a write: the PostgreSQL scenario's create-message load (wrk, 64 connections,
/// 64 conversations, a discarded warm-up then the measured pass) posting generated messages (<see cref="SearchText"/>,
/// 256 of them round robin), against the API built from the revision before search (<see cref="Before"/>, each side
/// on a fresh database its own build migrates): without search there is no vector to compute, no column to write and
/// neither index to grow. Paired rounds, alternating which goes first.
/// </summary>
public static class SearchIndexCost
{
    /// <summary>The last commit before message search.</summary>
    public const string Before = "5f675b8";

    private const int Bodies = 256;

    /// <param name="seconds">Each wrk pass's warm-up and measured seconds.</param>
    public static async Task<IReadOnlyList<Measurement>> RunAsync(int rounds, int seconds)
    {
        var text = new SearchText(seed: 15);
        var bodies = string.Join(Wrk.BodySeparator, Enumerable.Range(0, Bodies).Select(_ => SearchText.CreateBody(text.Next())));
        Console.WriteLine($"  building {Before}");
        using var build = await RevisionBuild.CreateAsync(Before);
        var generated = await PairsAsync(rounds, seconds, bodies, build, "generated text (5-40 words)");
        var seed = await PairsAsync(rounds, seconds, ThroughputScenarios.CreateMessage, build, "the seed's body (8 words)");
        return [.. generated, .. seed];
    }

    /// <summary>Paired rounds of create message with one set of bodies: this build, then the build before search, or the other way round.</summary>
    private static async Task<IReadOnlyList<Measurement>> PairsAsync(int rounds, int seconds, string bodies, RevisionBuild build, string what)
    {
        var with = new List<double>();
        var withP99 = new List<double>();
        var without = new List<double>();
        var withoutP99 = new List<double>();
        var ratio = new List<double>();
        var failed = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var (indexed, bare) = await ThroughputScenarios.PairedAsync(
                round, () => CreateAsync(bodies, folder: null, seconds), () => CreateAsync(bodies, build.Folder, seconds));
            with.Add(indexed.RequestsPerSecond);
            withP99.Add(indexed.P99Milliseconds);
            without.Add(bare.RequestsPerSecond);
            withoutP99.Add(bare.P99Milliseconds);
            ratio.Add(indexed.RequestsPerSecond / bare.RequestsPerSecond);
            failed.Add(indexed.Errors + bare.Errors);
            Console.WriteLine($"  create ({what}) round {round + 1}: with search {indexed.RequestsPerSecond:0}/s (p99 {indexed.P99Milliseconds:0.0} ms), " +
                $"before search {bare.RequestsPerSecond:0}/s (p99 {bare.P99Milliseconds:0.0} ms), ratio {ratio[^1]:0.000}, not 2xx {failed[^1]}");
        }

        return
        [
            new Measurement($"create message of {what}, PostgreSQL, with search", "req/s", with),
            new Measurement($"create message of {what}, with search, p99", "ms", withP99),
            new Measurement($"create message of {what}, before search ({Before})", "req/s", without),
            new Measurement($"create message of {what}, before search, p99", "ms", withoutP99),
            new Measurement($"create message of {what}: ratio with / before search (target >= 0.85)", "x", ratio),
            new Measurement($"create message of {what}: requests not answered 2xx, both sides", "requests", failed),
        ];
    }

    private static async Task<Wrk.Result> CreateAsync(string bodies, string? folder, int seconds)
    {
        // Each build applies its own migrations: the older one does not know this build's.
        await using var database = await BenchDatabase.FreshAsync(migrate: false);
        await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString, folder: folder);
        using var client = api.Client();
        var ids = await ThroughputScenarios.CreateConversationsAsync(client, 64);
        return await Wrk.RunAsync(api.Address, "POST", "/v1/messaging/conversations/{id}/messages", ids, bodies, ApiProcess.ApiKey,
            seconds: seconds, warmUpSeconds: seconds);
    }
}
