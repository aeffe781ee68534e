using System.Diagnostics;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>A wrong setting stops the real server at start-up with one line naming the key and the fix, and exit code 2.</summary>
public sealed class StartupConfigurationTests
{
    [Theory]
    [InlineData("Storage__Provider", "mysql", "Storage:Provider 'mysql'")]
    [InlineData("Storage__Provider", "postgres", "ConnectionStrings:Runtype is empty")]
    [InlineData("Cluster__Membership", "zookeeper", "Cluster:Membership 'zookeeper'")]
    [InlineData("Cluster__SiloPort", "eleven", "Cluster:SiloPort")]
    [InlineData("Cluster__GatewayPort", "70000", "Cluster:GatewayPort 70000")]
    [InlineData("Api__Mode", "sidecar", "Api:Mode 'sidecar'")]
    [InlineData("Api__CursorKey", "short", "Api:CursorKey")]
    [InlineData("Auth__ApiKeys__0__Owner", "", "Auth:ApiKeys:0:Owner is empty")]
    [InlineData("Auth__ApiKeys__0__Scopes__0", "admin", "Auth:ApiKeys:0:Scopes has unknown scope 'admin'")]
    public async Task A_wrong_setting_stops_start_up_with_one_line_naming_the_key(string variable, string value, string expected)
    {
        var info = ApiProcess.StartInfo(port: 0);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["Logging__LogLevel__Default"] = "None";
        info.Environment["Auth__ApiKeys__0__Key"] = "startup-test-key";
        info.Environment["Auth__ApiKeys__0__Owner"] = "startup-owner";
        info.Environment["Cluster__SiloPort"] = "0";
        info.Environment[variable] = value;
        if (variable != "Cluster__SiloPort")
        {
            // Keep a valid silo port unless it is the value under test (0 would itself be refused).
            info.Environment["Cluster__SiloPort"] = "21111";
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, process.ExitCode);
        var line = Assert.Single(lines);
        Assert.StartsWith("Runtype API cannot start: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\bat [\w.`<>]+\(", line);
        Assert.Empty((await stdout).Trim());
    }
}
