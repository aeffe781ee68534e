using System.Globalization;
using Runtype.Bench;

// bench/run.sh starts PostgreSQL (and Dovecot and Exim for the email scenario) and calls: Runtype.Bench --rounds N --out docs/benchmarks.md [--only a,b]
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

// After editing bench/notes.md only: Runtype.Bench notes --out docs/benchmarks.md
if (args.Length > 0 && args[0] == "notes")
{
    var report = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? "docs/benchmarks.md";
    await Report.RefreshNotesAsync(report);
    Console.WriteLine($"refreshed the notes in {report}");
    return;
}

var rounds = 3;
var output = "docs/benchmarks.md";
string[]? only = null;
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
        case "--only":
            // While tuning: run some scenarios (comma-separated names below); the report then holds only those.
            only = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            break;
    }
}

var results = new List<(string, string, IReadOnlyList<Measurement>)>();
foreach (var scenario in Scenario.All)
{
    if (only is not null && !only.Contains(scenario.Name))
    {
        continue;
    }

    Console.WriteLine($"{scenario.Title}, {rounds} rounds");
    results.Add((scenario.Title, scenario.Description, await scenario.Run(rounds)));
}

await Report.WriteAsync(output, rounds, results);
Console.WriteLine($"wrote {output}");
