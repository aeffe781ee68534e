using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// Posts the create-message body at a fixed rate by the clock (open loop: message k is sent at k / rate seconds
/// whether or not earlier ones were answered, so a slow server meets the same load, not a politer one), round
/// robin over the conversations, and records when each 201 came back, and how long after its send, by message id.
/// Messages sent after the warm-up are the measured ones. <paramref name="bodyOf"/> gives message k's body; without
/// it every message is the seed page's create-message body.
/// </summary>
public sealed class OpenLoopPoster(Uri address, IReadOnlyList<string> conversations, MessageIndex index, Func<int, string>? bodyOf = null)
{
    private readonly long[] _answered = new long[index.Capacity];
    private readonly double[] _milliseconds = new double[index.Capacity];
    private readonly bool[] _measured = new bool[index.Capacity];
    private int _failed;

    /// <summary>Indexes (<see cref="MessageIndex"/>) of the measured messages that were answered 201.</summary>
    public List<int> Measured { get; } = [];

    /// <summary>Measured POSTs answered 201, per second from the window's start to the last such answer.</summary>
    public double AchievedRate { get; private set; }

    /// <summary>POSTs (warm-up included) that failed or were answered anything but 201.</summary>
    public int Failed => _failed;

    /// <summary>Why they failed: the status and the start of the body, or the exception, with how often.</summary>
    public ConcurrentDictionary<string, int> FailedBecause { get; } = new(StringComparer.Ordinal);

    /// <summary>When message <paramref name="i"/>'s 201 was read (<see cref="Stopwatch"/> ticks).</summary>
    public long AnsweredAt(int i) => _answered[i];

    /// <summary>How long message <paramref name="i"/>'s POST took, from its send to its 201.</summary>
    public double MillisecondsOf(int i) => _milliseconds[i];

    public async Task RunAsync(double perSecond, TimeSpan warmUp, TimeSpan measured)
    {
        var total = (int)(perSecond * (warmUp + measured).TotalSeconds);
        var warmUpCount = (int)(perSecond * warmUp.TotalSeconds);
        if (total > index.Capacity)
        {
            throw new ArgumentException($"{total} messages do not fit an index of {index.Capacity}.", nameof(perSecond));
        }

        // No connection limit: an open-loop load needs as many requests in flight as the server lets pile up.
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestHeaders = { { "Authorization", ApiProcess.ApiKey } },
        };
        var posts = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();
        var next = 0;
        while (next < total)
        {
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            for (; next < total && next / perSecond <= elapsed; next++)
            {
                posts.Add(PostAsync(client, next, next >= warmUpCount));
            }

            await Task.Delay(1);
        }

        await Task.WhenAll(posts);
        Measured.AddRange(Enumerable.Range(0, index.Capacity).Where(i => _measured[i] && _answered[i] != 0));
        var windowStart = start + (long)(warmUpCount / perSecond * Stopwatch.Frequency);
        var lastAnswer = Measured.Count == 0 ? windowStart : Measured.Max(i => _answered[i]);
        AchievedRate = Measured.Count / Math.Max(Stopwatch.GetElapsedTime(windowStart, lastAnswer).TotalSeconds, measured.TotalSeconds / 1000);
    }

    private async Task PostAsync(HttpClient client, int k, bool measured)
    {
        try
        {
            using var content = new StringContent(bodyOf?.Invoke(k) ?? ThroughputScenarios.CreateMessage, Encoding.UTF8, "application/json");
            var sent = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync($"/v1/messaging/conversations/{conversations[k % conversations.Count]}/messages", content);
            var answered = Stopwatch.GetTimestamp();
            var body = await response.Content.ReadAsByteArrayAsync();
            var i = response.StatusCode == HttpStatusCode.Created ? index.Of(MessageIndex.IdIn(body)) : -1;
            if ((uint)i >= (uint)_answered.Length)
            {
                Fail($"{(int)response.StatusCode} {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)))}");
                return;
            }

            _answered[i] = answered;
            _milliseconds[i] = Stopwatch.GetElapsedTime(sent, answered).TotalMilliseconds;
            _measured[i] = measured;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Fail($"{e.GetType().Name}: {e.Message} {e.InnerException?.Message}");
        }
    }

    private void Fail(string reason)
    {
        Interlocked.Increment(ref _failed);
        FailedBecause.AddOrUpdate(reason, 1, (_, n) => n + 1);
    }

    /// <summary>The reasons, most frequent first, one per line (empty when nothing failed).</summary>
    public string DescribeFailures() =>
        string.Concat(FailedBecause.OrderByDescending(r => r.Value).Select(r => $"{Environment.NewLine}    {r.Value} x {r.Key}"));
}
