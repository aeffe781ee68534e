using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Runtype.Testing;

namespace Runtype.System.Tests;

/// <summary>
/// A throwaway Prometheus (Debian's package, which the full test command installs) as a child process: its own
/// temporary directory for the configuration and the TSDB, a free loopback port, and queries through the same HTTP
/// API Grafana and alerting use. Disposal kills it and deletes the directory.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _folder;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly HttpClient _http;

    private PrometheusServer(Process process, DirectoryInfo folder, Uri address)
    {
        _process = process;
        _folder = folder;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The last lines Prometheus wrote, for a failure message.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Where a program is on PATH, or null: the tests that need Prometheus's tools say how to install them.</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);

    /// <summary>Starts Prometheus on <paramref name="configuration"/> (YAML, or JSON, which is YAML) and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string executable, string configuration)
    {
        var folder = Directory.CreateTempSubdirectory("runtype-prometheus-");
        var config = Path.Combine(folder.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, configuration);
        var port = Ports.Free();
        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = folder.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(folder.FullName, "data"),
            string.Create(CultureInfo.InvariantCulture, $"--web.listen-address=127.0.0.1:{port}"),
        })
        {
            info.ArgumentList.Add(argument);
        }

        var server = new PrometheusServer(Process.Start(info)!, folder, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}")));
        server._process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>
    /// Evaluates <paramref name="expression"/> now (<c>/api/v1/query</c>): the series of its instant vector (a scalar
    /// counts as one series). An expression Prometheus refuses (parse or evaluation error) throws with its message.
    /// </summary>
    public async Task<IReadOnlyList<Sample>> QueryAsync(string expression)
    {
        using var response = await _http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(expression));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus refused `{expression}`: {root.GetProperty("errorType").GetString()}: {root.GetProperty("error").GetString()}");
        }

        var data = root.GetProperty("data");
        var result = data.GetProperty("result");
        return data.GetProperty("resultType").GetString() switch
        {
            "vector" => [.. result.EnumerateArray().Select(Sample.From)],
            "scalar" => [new Sample(new Dictionary<string, string>(), ParseValue(result[1]))],
            var type => throw new InvalidOperationException($"`{expression}` answered a {type}, not an instant vector"),
        };
    }

    /// <summary>Every active scrape target: its job, its address and whether the last scrape succeeded.</summary>
    public async Task<IReadOnlyList<(string Job, string Address, string Health, string Error)>> TargetsAsync()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync("/api/v1/targets?state=active"));
        return [.. document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray().Select(t => (
            t.GetProperty("labels").GetProperty("job").GetString()!,
            t.GetProperty("labels").GetProperty("instance").GetString()!,
            t.GetProperty("health").GetString()!,
            t.GetProperty("lastError").GetString() ?? ""))];
    }

    /// <summary>Every loaded alerting rule: its name, whether its last evaluation succeeded, and the error if not.</summary>
    public async Task<IReadOnlyList<(string Name, string Health, string Error)>> AlertRulesAsync()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync("/api/v1/rules?type=alert"));
        return [.. document.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => (
                r.GetProperty("name").GetString()!,
                r.GetProperty("health").GetString()!,
                r.TryGetProperty("lastError", out var error) ? error.GetString() ?? "" : ""))];
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _http.Dispose();
        _folder.Delete(recursive: true);
    }

    private static double ParseValue(JsonElement value) => double.Parse(value.GetString()!, CultureInfo.InvariantCulture);

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Prometheus exited with code {_process.ExitCode} during start-up:\n{Output}");
            }

            try
            {
                using var response = await _http.GetAsync("/-/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Prometheus was not ready within {timeout}:\n{Output}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 100 && _output.TryDequeue(out _))
        {
        }
    }

    /// <summary>One series of an instant vector: its labels (with <c>__name__</c> when it kept one) and its value.</summary>
    public sealed record Sample(IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public static Sample From(JsonElement element) => new(
            element.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
            ParseValue(element.GetProperty("value")[1]));
    }
}
