using System.Diagnostics;

namespace Runtype.Bench;

/// <summary>
/// What the API process's managed heap holds, by type: with <c>RUNTYPE_BENCH_HEAP=&lt;folder&gt;</c> set, a scenario
/// writes <c>dotnet-gcdump report</c> (installed with <c>dotnet tool install -g dotnet-gcdump</c>) of the process
/// there. Taken after the scenario's own readings: the dump forces a full collection.
/// </summary>
internal static class HeapReport
{
    public static async Task WriteAsync(int processId, string name)
    {
        if (Environment.GetEnvironmentVariable("RUNTYPE_BENCH_HEAP") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        var dump = Path.Combine(folder, name + ".gcdump");
        await RunAsync("collect", "-p", processId.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", dump);
        await File.WriteAllTextAsync(Path.Combine(folder, name + ".txt"), await RunAsync("report", dump));
    }

    private static async Task<string> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet-gcdump") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet-gcdump did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
