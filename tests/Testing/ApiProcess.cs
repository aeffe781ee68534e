using System.Diagnostics;
using System.Net;

namespace Runtype.Testing;

/// <summary>
/// The real API binary (co-hosted silo) as a child process, so a test can kill it the hard way and start it again
/// on the same database, and a benchmark can drive it over real HTTP. The consuming project references the Api
/// project so that Runtype.Api.dll sits beside it.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    public const string ApiKey = "restart-test-key";
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private ApiProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The server's process id, for reading its memory from /proc.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The last lines the server wrote (both outputs), for a failure message.</summary>
    public string Output => string.Join('\n', _output);

    /// <param name="settings">Further environment variables (configuration keys with <c>__</c>), applied last.</param>
    /// <param name="folder">Where Runtype.Api.dll is, if not beside this assembly (a benchmark runs an older build).</param>
    public static async Task<ApiProcess> StartAsync(
        string provider, string connectionString, string logLevel = "Warning", string environment = "Testing", IReadOnlyDictionary<string, string>? settings = null,
        string? folder = null)
    {
        var port = Ports.Free();
        var info = StartInfo(port, folder);
        var variables = info.Environment;
        variables["ASPNETCORE_ENVIRONMENT"] = environment;
        variables["Storage__Provider"] = provider;
        variables["Storage__ApplyMigrations"] = "true";
        variables["ConnectionStrings__Runtype"] = connectionString;
        variables["Auth__ApiKeys__0__Key"] = ApiKey;
        variables["Auth__ApiKeys__0__Owner"] = "restart-owner";
        variables["Api__CursorKey"] = Convert.ToBase64String(new byte[32]);
        variables["Cluster__SiloPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
        variables["Cluster__GatewayPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
        variables["Logging__LogLevel__Default"] = logLevel;
        variables["RateLimit__Enabled"] = "false";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        var process = Process.Start(info)!;
        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => api.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => api.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await api.WaitUntilReadyAsync();
        return api;
    }

    /// <summary>How to run the API binary beside the test assembly (or in <paramref name="folder"/>) on <paramref name="port"/>, output redirected.</summary>
    public static ProcessStartInfo StartInfo(int port, string? folder = null)
    {
        folder ??= AppContext.BaseDirectory;
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(folder, "Runtype.Api.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        return info;
    }

    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", ApiKey);
        return client;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, like a crash or an OOM kill.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        await Task.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The API exited with code {_process.ExitCode} during start-up:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The API did not become ready within 60 seconds:\n{Output}");
    }
}
