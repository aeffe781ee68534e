using System.Diagnostics;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.System.Tests;

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
    [InlineData("Auth__ApiKeys__0__Owner", "acme ", "Auth:ApiKeys:0:Owner must be at most 255 characters, without surrounding white space")]
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

    [Theory]
    [InlineData("Runtype.Api.dll", "cohosted", false)]
    [InlineData("Runtype.Api.dll", "cohosted", true)]
    [InlineData("Runtype.Api.dll", "client", false)]
    [InlineData("Runtype.Silo.dll", null, false)]
    public async Task A_database_without_the_current_schema_stops_start_up_with_one_line_naming_both_fixes(string program, string? mode, bool behind)
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName, migrate: behind);
        var missing = behind
            ? (string)(await database.ScalarAsync("DELETE FROM runtype_migrations WHERE name = (SELECT max(name) FROM runtype_migrations) RETURNING name"))!
            : null;
        // The silo runs from its own build output: the copy beside the tests lacks its hosting dependencies.
        var directory = program == "Runtype.Api.dll"
            ? AppContext.BaseDirectory
            : RepositoryPaths.Of("src", "Silo", Path.GetRelativePath(RepositoryPaths.Of("tests", "System.Tests"), AppContext.BaseDirectory));
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory };
        info.ArgumentList.Add(Path.Combine(directory, program));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{Ports.Free()}");
        // Logging as shipped: nothing but the one line may reach the console.
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        info.Environment["Auth__ApiKeys__0__Key"] = "startup-test-key";
        info.Environment["Auth__ApiKeys__0__Owner"] = "startup-owner";
        info.Environment["Cluster__SiloPort"] = $"{Ports.Free()}";
        info.Environment["Cluster__GatewayPort"] = $"{Ports.Free()}";
        info.Environment["Storage__Provider"] = database.Provider;
        info.Environment["ConnectionStrings__Runtype"] = database.ConnectionString;
        if (mode is not null)
        {
            info.Environment["Api__Mode"] = mode;
        }

        if (mode == "client")
        {
            info.Environment["Cluster__Membership"] = "adonet";
        }

        var run = await ProcessRun.RunAsync(info, TimeSpan.FromSeconds(60));

        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}; stderr: {run.Stderr}; stdout: {run.Stdout}");
        var line = Assert.Single(lines);
        Assert.Matches("^Runtype (API|silo) cannot start: The database schema is (missing|behind)", line);
        Assert.Contains("Storage:ApplyMigrations=true", line, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project src/Silo -- migrate", line, StringComparison.Ordinal);
        if (missing is not null)
        {
            Assert.Contains($"behind this version (not applied: {missing})", line, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch(@"\bat [\w.`<>]+\(", run.Stdout + run.Stderr);
        Assert.Empty(run.Stdout.Trim());
    }
}
