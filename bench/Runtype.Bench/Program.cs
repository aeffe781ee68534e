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

Console.WriteLine($"create message, memory store vs the HTTP ceiling, {rounds} rounds");
var memory = await ThroughputScenarios.CreateMessageMemoryAsync(rounds);
Console.WriteLine($"create and list messages, PostgreSQL vs a plain CRUD service, {rounds} rounds");
var postgres = await ThroughputScenarios.PostgresAsync(rounds);
Console.WriteLine($"append latency on PostgreSQL, {rounds} rounds");
var appendLatency = await AppendLatencyScenario.RunAsync(rounds);

await Report.WriteAsync(output, rounds,
[
    ("Create message: memory store against the HTTP ceiling",
        "wrk (Debian), 64 connections, 2 threads, 10 s per side, POSTing the seed page's create-message body. The product " +
        "runs as one process (API with co-hosted silo) with API-key auth and full validation, spread over 64 " +
        "conversations; the ceiling is bench/Runtype.Baselines in ceiling mode: bare Kestrel that parses the same " +
        "JSON and answers 201 without storing anything.",
        memory),
    ("Create and list messages: PostgreSQL against a plain CRUD service",
        "Same load generator and body. The baseline is bench/Runtype.Baselines in crud mode: what a user would write " +
        "without actors, one Npgsql transaction per message (counter update + insert) and every read from the " +
        "database. Both on a fresh database each round, PostgreSQL with fsync on. Listing asks for 100 messages of " +
        "one conversation that the create phase filled.",
        postgres),
    ("Append latency as a conversation grows (PostgreSQL)",
        "One client fills a conversation to 10,000 messages over HTTP (real API process, co-hosted silo, PostgreSQL on " +
        "loopback with fsync on, every 201 committed), then appends alternately to it and to a fresh conversation, so " +
        "messages 10,000-10,199 and 10-209 are timed side by side under the same conditions. The target is that an " +
        "append at message 10,000 costs no more than 1.2x one at message 10.",
        appendLatency),
]);
Console.WriteLine($"wrote {output}");
