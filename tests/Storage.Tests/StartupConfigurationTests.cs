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
    [InlineData("ConnectionStrings__Runtype", "Host=db;Password=hunter2;Colour=blue", "ConnectionStrings:Runtype is not a valid connection string for 'postgres'", "postgres")]
    public async Task A_wrong_setting_stops_start_up_with_one_line_naming_the_key(string variable, string value, string expected, string? provider = null)
    {
        var info = ApiProcess.StartInfo(port: 0);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["Logging__LogLevel__Default"] = "None";
        info.Environment["Auth__ApiKeys__0__Key"] = "startup-test-key";
        info.Environment["Auth__ApiKeys__0__Owner"] = "startup-owner";
        // A valid silo port, unless the port is the value under test.
        info.Environment["Cluster__SiloPort"] = "21111";
        if (provider is not null)
        {
            info.Environment["Storage__Provider"] = provider;
        }

        info.Environment[variable] = value;

        var run = await ProcessRun.RunAsync(info, TimeSpan.FromSeconds(60));
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(lines);
        Assert.StartsWith("Runtype API cannot start: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", line, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\bat [\w.`<>]+\(", line);
        Assert.Empty(run.Stdout.Trim());
    }
}
