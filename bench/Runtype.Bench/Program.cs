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
        "One client appends 10,200 messages one after another to a single conversation over HTTP: real API process " +
        "(co-hosted silo), PostgreSQL on loopback with fsync on, every 201 committed. The server is first warmed with 2,000 " +
        "appends to another conversation, so the early window is not a cold process. The target is that an append at " +
        "message 10,000 costs no more than 1.2x one at message 10.",
        appendLatency),
]);
Console.WriteLine($"wrote {output}");
