using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Runtype.Bench;

/// <summary>
/// Drives a server with wrk (Debian's package): 64 connections by default, requests spread over a set of ids
/// substituted into a path template. Returns requests per second of 2xx answers and the p99 latency.
/// </summary>
public static partial class Wrk
{
    private const string Script = """
        local ids, method, template, bodies, headers = {}, nil, nil, {}, {}
        local counter = 0
        function init(args)
          for id in string.gmatch(args[1], "[^,]+") do table.insert(ids, id) end
          method, template = args[2], args[3]
          for body in string.gmatch(args[4], "[^\30]+") do table.insert(bodies, body) end
          headers["Content-Type"] = "application/json"
          if args[5] ~= "" then headers["Authorization"] = args[5] end
        end
        function request()
          counter = counter + 1
          local path = string.gsub(template, "{id}", ids[(counter % #ids) + 1])
          local body = nil
          if #bodies > 0 then body = bodies[(counter % #bodies) + 1] end
          return wrk.format(method, path, headers, body)
        end
        """;

    /// <summary>
    /// Between bodies in <c>body</c>: several bodies are sent round robin (the ASCII record separator, which no JSON
    /// body holds unescaped). All of them go to wrk as one argument, which Linux caps at 128 KiB.
    /// </summary>
    public const char BodySeparator = '\u001e';

    public sealed record Result(double RequestsPerSecond, double P99Milliseconds, long Errors);

    /// <summary>
    /// A discarded warm-up pass of <paramref name="warmUpSeconds"/> first (JIT tiering and pools settle, for the
    /// product and the baselines alike), then the measured pass.
    /// </summary>
    public static async Task<Result> RunAsync(Uri server, string method, string pathTemplate, IReadOnlyList<string> ids, string? body, string? apiKey,
        int connections = 64, int seconds = 10, int warmUpSeconds = 10)
    {
        if (warmUpSeconds > 0)
        {
            await RunAsync(server, method, pathTemplate, ids, body, apiKey, connections, warmUpSeconds, warmUpSeconds: 0);
        }

        var script = Path.Combine(Path.GetTempPath(), $"runtype-wrk-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, Script);
        try
        {
            var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[]
            {
                "-t", "2", "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{seconds}s", "--latency", "-s", script,
                server.ToString().TrimEnd('/'), "--", string.Join(',', ids), method, pathTemplate, body ?? "", apiKey ?? "",
            })
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (Environment.GetEnvironmentVariable("RUNTYPE_BENCH_VERBOSE") == "1")
            {
                Console.WriteLine(output);
            }

            var total = long.Parse(Total().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var duration = double.Parse(Total().Match(output).Groups[2].Value, CultureInfo.InvariantCulture);
            var errorMatch = NonSuccess().Match(output);
            var errors = errorMatch.Success ? long.Parse(errorMatch.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            errors += Socket().Matches(output).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            return new Result((total - errors) / duration, Milliseconds(P99().Match(output)), errors);
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static double Milliseconds(Match match)
    {
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "ms" => value, "s" => value * 1000, _ => value * 60_000 };
    }

    [GeneratedRegex(@"(\d+) requests in ([\d.]+)s")]
    private static partial Regex Total();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex Socket();

    [GeneratedRegex(@"99%\s+([\d.]+)(us|ms|s|m)")]
    private static partial Regex P99();
}
