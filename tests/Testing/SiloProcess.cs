using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Runtype.Testing;

/// <summary>
/// The real silo binary (src/Silo) as a child process on PostgreSQL with ADO.NET membership, optionally inside a
/// network namespace (<c>ip netns exec</c>), so a test can kill it the hard way (SIGKILL) or cut its links. Ready means
/// the membership table lists this incarnation as active: something the cluster itself observes, not a sleep.
/// The consuming test project references src/Silo (build output only), so its binary is built beside ours.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    /// <summary>Orleans' membership status codes (SiloStatus) as the ADO.NET provider stores them.</summary>
    public const int Active = 3;
    public const int Dead = 6;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _observeWith;

    private SiloProcess(Process process, string name, string clusterId, string address, int siloPort, int gatewayPort, string observeWith)
    {
        _process = process;
        Name = name;
        ClusterId = clusterId;
        Address = address;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        _observeWith = observeWith;
    }

    public string Name { get; }

    public string ClusterId { get; }

    /// <summary>The address the silo advertises (and other silos and clients reach it at).</summary>
    public string Address { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the silo wrote (both outputs), for a failure message.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Where the silo's build output is: src/Silo/bin/&lt;the configuration and framework these tests were built for&gt;.</summary>
    public static string Folder
    {
        get
        {
            var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var marker = Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar;
            var suffix = here[(here.LastIndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
            return RepositoryPaths.Of("src", "Silo", "bin", suffix);
        }
    }

    /// <summary>
    /// Starts a silo of cluster <paramref name="clusterId"/> on <paramref name="connectionString"/> and waits until it is active.
    /// </summary>
    /// <param name="observeWith">The connection the test reads the membership table with (not the silo's, which a test may cut); the silo's when not given.</param>
    /// <param name="netns">A network namespace to run it in (the caller made it), or null for this one.</param>
    /// <param name="settings">Further configuration (environment variables with <c>__</c>), applied last.</param>
    public static async Task<SiloProcess> StartAsync(
        string name, string clusterId, string connectionString, string? observeWith = null, string address = "127.0.0.1", string? netns = null,
        IReadOnlyDictionary<string, string>? settings = null, TimeSpan? timeout = null)
    {
        var (siloPort, gatewayPort) = (Ports.Free(), Ports.Free());
        var folder = Folder;
        var dll = Path.Combine(folder, "Runtype.Silo.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution (the test project references src/Silo for its output).");
        }

        var info = new ProcessStartInfo(netns is null ? "dotnet" : "ip")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (netns is not null)
        {
            // ip execs the program in the namespace: the process id stays the silo's, so a kill reaches it.
            foreach (var argument in new[] { "netns", "exec", netns, "dotnet" })
            {
                info.ArgumentList.Add(argument);
            }
        }

        info.ArgumentList.Add(dll);
        var variables = info.Environment;
        variables["DOTNET_ENVIRONMENT"] = "Testing";
        variables["Storage__Provider"] = "postgres";
        variables["ConnectionStrings__Runtype"] = connectionString;
        variables["Cluster__Membership"] = "adonet";
        variables["Cluster__ClusterId"] = clusterId;
        variables["Cluster__ServiceId"] = clusterId;
        variables["Cluster__AdvertisedAddress"] = address;
        variables["Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        variables["Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        variables["Logging__LogLevel__Default"] = "Warning";
        variables["Logging__LogLevel__Orleans"] = "Warning";
        variables["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        var process = Process.Start(info)!;
        var silo = new SiloProcess(process, name, clusterId, address, siloPort, gatewayPort, observeWith ?? connectionString);
        process.OutputDataReceived += (_, e) => silo.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await silo.WaitForStatusAsync(Active, timeout ?? TimeSpan.FromSeconds(90));
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }

        return silo;
    }

    /// <summary>The membership status of this silo's newest incarnation, or null when it has no row yet.</summary>
    public async Task<int?> StatusAsync()
    {
        await using var connection = new NpgsqlConnection(_observeWith);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT status FROM runtype_orleans_membership WHERE deployment_id = @cluster AND address = @address AND port = @port ORDER BY generation DESC LIMIT 1",
            connection);
        command.Parameters.AddWithValue("cluster", ClusterId);
        command.Parameters.AddWithValue("address", Address);
        command.Parameters.AddWithValue("port", SiloPort);
        return await command.ExecuteScalarAsync() is int status ? status : null;
    }

    /// <summary>Waits until the membership table gives this silo <paramref name="status"/> (Active, Dead), polling the table.</summary>
    public async Task WaitForStatusAsync(int status, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        int? seen = null;
        while (clock.Elapsed < timeout)
        {
            if (status != Dead && _process.HasExited)
            {
                throw new InvalidOperationException($"Silo {Name} exited with code {_process.ExitCode} before reaching status {status}:\n{Output}");
            }

            try
            {
                seen = await StatusAsync();
                if (seen == status)
                {
                    return;
                }
            }
            catch (NpgsqlException)
            {
                // The table is read through the same server the silos use; a moment's refusal is not an answer.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Silo {Name} ({Address}:{SiloPort}) did not reach membership status {status} within {timeout} (last seen {seen?.ToString(CultureInfo.InvariantCulture) ?? "none"}):\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to the cluster, like a crash or an OOM kill.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
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
}
