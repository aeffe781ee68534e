using System.Globalization;
using Runtype.Bench;

// bench/run.sh starts PostgreSQL and calls: Runtype.Bench --rounds N --out docs/benchmarks.md
// bench/soak.sh calls: Runtype.Bench soak --minutes M --out docs/soak.md
if (args.Length > 0 && args[0] == "soak")
{
    var minutes = args.SkipWhile(a => a != "--minutes").Skip(1).Select(a => double.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(10);
    var soakOutput = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? "docs/soak.md";
    var duration = TimeSpan.FromMinutes(minutes);
    Console.WriteLine($"soak on PostgreSQL for {duration}");
    var (max, rate, samples) = await SoakScenario.RunAsync(duration);
    await SoakReport.WriteAsync(soakOutput, max, rate, duration, samples);
    Console.WriteLine($"wrote {soakOutput}");
    return;
}

var rounds = 3;
var output = "docs/benchmarks.md";
for (var i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--rounds":
            rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--out":
            output = args[++i];
            break;
    }
}

Console.WriteLine($"append latency on PostgreSQL, {rounds} rounds");
var appendLatency = await AppendLatencyScenario.RunAsync(rounds);

await Report.WriteAsync(output, rounds,
[
    ("Append latency as a conversation grows (PostgreSQL)",
        "One client fills a conversation to 10,000 messages over HTTP (real API process, co-hosted silo, PostgreSQL on " +
        "loopback with fsync on, every 201 committed), then appends alternately to it and to a fresh conversation, so " +
        "messages 10,000-10,199 and 10-209 are timed side by side under the same conditions. The target is that an " +
        "append at message 10,000 costs no more than 1.2x one at message 10.",
        appendLatency),
]);
Console.WriteLine($"wrote {output}");
