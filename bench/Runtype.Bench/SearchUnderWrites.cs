using System.Diagnostics;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// Searches while messages are written: 16 searchers in the bench process, one after another each, alternating a rare
/// word (the next in turn over all of them) and the common word's first page, while an <see cref="OpenLoopPoster"/>
/// sends 500 messages a second by the clock, round robin over 100 new conversations, each a fresh generated message
/// (<see cref="SearchText"/>, seeded apart from the load) that the search index takes in as it is stored. Searches that
/// start after the poster's warm-up and before it stops are measured; every answer is checked as the sequential ones are,
/// the common word's page allowing for the posted messages, which are newer than anything loaded.
/// </summary>
public static class SearchUnderWrites
{
    public const int Searchers = 16;
    public const double PerSecond = 500;
    public const int Conversations = 100;
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    /// <param name="Rare">Measured rare-word latencies, ms.</param>
    /// <param name="Common">Measured common-word latencies, ms.</param>
    /// <param name="SearchesPerSecond">Measured searches of both kinds answered per second.</param>
    /// <param name="Writes">The poster, after its run: achieved rate, each measured POST's time, failures.</param>
    /// <param name="WriteP99">The measured POSTs' p99, ms.</param>
    public sealed record Result(List<double> Rare, List<double> Common, double SearchesPerSecond, OpenLoopPoster Writes, double WriteP99);

    public static async Task<Result> RunAsync(ApiProcess api, SearchData data, int seed, TimeSpan measured)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(data);
        using var client = api.Client();
        var conversations = await ThroughputScenarios.CreateConversationsAsync(client, Conversations);
        var total = (int)(PerSecond * (WarmUp + measured).TotalSeconds);
        var text = new SearchText(seed);
        var bodies = Enumerable.Range(0, total).Select(_ => SearchText.CreateBody(text.Next())).ToArray();
        var poster = new OpenLoopPoster(api.Address, conversations, new MessageIndex(total), k => bodies[k]);

        var rare = new List<double>();
        var common = new List<double>();
        var nextRare = -1;
        var start = Stopwatch.GetTimestamp();
        var from = start + (long)(WarmUp.TotalSeconds * Stopwatch.Frequency);
        using var stop = new CancellationTokenSource();
        var searching = Task.WhenAll(Enumerable.Range(0, Searchers).Select(async searcher =>
        {
            var (mineRare, mineCommon) = (new List<double>(), new List<double>());
            for (var i = searcher; !stop.IsCancellationRequested; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var isRare = i % 2 == 0;
                var milliseconds = isRare
                    ? await SearchProbe.RareAsync(client, data.Rare[(int)((uint)Interlocked.Increment(ref nextRare) % data.Rare.Count)])
                    : await SearchProbe.CommonAsync(client, data, loadedOnly: false);
                if (started >= from && !stop.IsCancellationRequested)
                {
                    (isRare ? mineRare : mineCommon).Add(milliseconds);
                }
            }

            lock (rare)
            {
                rare.AddRange(mineRare);
                common.AddRange(mineCommon);
            }
        }));

        long stopped;
        try
        {
            await poster.RunAsync(PerSecond, WarmUp, measured);
        }
        finally
        {
            stopped = Stopwatch.GetTimestamp();
            await stop.CancelAsync();
            await searching;
        }

        var seconds = Stopwatch.GetElapsedTime(from, stopped).TotalSeconds;
        var writeP99 = Measurement.PercentileOf(poster.Measured.Select(poster.MillisecondsOf), 0.99);
        return new Result(rare, common, (rare.Count + common.Count) / seconds, poster, writeP99);
    }
}
