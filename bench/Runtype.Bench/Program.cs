using System.Globalization;
using Runtype.Bench;

// bench/run.sh starts PostgreSQL and calls: Runtype.Bench --rounds N --out docs/benchmarks.md
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
