using System.Reflection;
using System.Text.RegularExpressions;
using Runtype.Api;
using Runtype.Api.Auth;
using Runtype.Hosting;
using Runtype.Testing;

namespace Runtype.Static.Tests;

/// <summary>
/// No container engine runs on our build machines, so docker-compose.yml is checked for structure here: the
/// services and their order of start, health checks, and that every setting it passes is one the code reads.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string Root = RepositoryPaths.Root;
    private static readonly Dictionary<string, Dictionary<object, object>> Services = ComposeFile.Services;

    [Fact]
    public void The_cluster_has_a_database_a_migration_step_two_silos_an_api_and_the_observability_pair()
    {
        Assert.Equal(["api", "create-database", "grafana", "migrate", "prometheus", "silo1", "silo2", "sqlserver"], Services.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("sqlserver")]
    [InlineData("silo1")]
    [InlineData("silo2")]
    [InlineData("api")]
    [InlineData("prometheus")]
    [InlineData("grafana")]
    public void Long_running_services_have_health_checks(string service) =>
        Assert.NotNull(Map(Services[service], "healthcheck")["test"]);

    [Theory]
    [InlineData("create-database", "sqlserver", "service_healthy")]
    [InlineData("migrate", "create-database", "service_completed_successfully")]
    [InlineData("silo1", "migrate", "service_completed_successfully")]
    [InlineData("silo2", "migrate", "service_completed_successfully")]
    [InlineData("api", "silo1", "service_healthy")]
    [InlineData("api", "silo2", "service_healthy")]
    public void Services_start_in_order(string service, string dependency, string condition) =>
        Assert.Equal(condition, Map(Map(Services[service], "depends_on"), dependency)["condition"]);

    [Fact]
    public void Images_are_built_from_dockerfiles_that_exist()
    {
        foreach (var (name, service) in Services.Where(s => s.Value.ContainsKey("build")))
        {
            var dockerfile = Dockerfile(service);
            Assert.True(File.Exists(Path.Combine(Root, dockerfile)), $"{name}: {dockerfile} is missing");
        }
    }

    /// <summary>
    /// Message search on SQL Server needs Full-Text Search, which the stock image leaves out: the database service is
    /// built on it with the mssql-server-fts package, and runs as the image's unprivileged user again.
    /// </summary>
    [Fact]
    public void The_database_is_SQL_Server_2022_with_Full_Text_Search()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(Root, Dockerfile(Services["sqlserver"])))
            .Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();

        Assert.Equal("FROM mcr.microsoft.com/mssql/server:2022-latest", dockerfile[0]);
        Assert.Contains(dockerfile, line => line.Contains("apt-get install -y --no-install-recommends mssql-server-fts", StringComparison.Ordinal));
        Assert.Contains(dockerfile, line => line.Contains("https://packages.microsoft.com/ubuntu/22.04/mssql-server-2022 jammy main", StringComparison.Ordinal));
        Assert.Equal("USER mssql", dockerfile[^1]);
    }

    [Fact]
    public void Every_setting_passed_to_our_services_is_one_the_code_reads()
    {
        var known = new Dictionary<string, Type>(StringComparer.Ordinal)
        {
            ["Storage"] = typeof(StorageOptions),
            ["Cluster"] = typeof(RuntypeClusterOptions),
            ["Api"] = typeof(ApiOptions),
            ["Auth:ApiKeys"] = typeof(ApiKeyEntry),
            [PrometheusOptions.Section] = typeof(PrometheusOptions),
        };
        foreach (var name in new[] { "migrate", "silo1", "silo2", "api" })
        {
            foreach (var key in Map(Services[name], "environment").Keys.Cast<string>())
            {
                var path = key.Replace("__", ":", StringComparison.Ordinal);
                if (path == "ConnectionStrings:Runtype")
                {
                    continue;
                }

                var section = known.Keys.FirstOrDefault(s => path.StartsWith(s + ":", StringComparison.Ordinal));
                Assert.True(section is not null, $"{name}: {key} is not a setting of ours");
                var property = path[(section!.Length + 1)..].Split(':')[^1];
                Assert.True(known[section].GetProperty(property, BindingFlags.Public | BindingFlags.Instance) is not null, $"{name}: {key} names no option");
            }
        }
    }

    [Fact]
    public void Our_services_run_on_SQL_Server_with_database_membership_and_the_api_as_a_client()
    {
        foreach (var name in new[] { "migrate", "silo1", "silo2", "api" })
        {
            var environment = Map(Services[name], "environment");
            Assert.Equal("sqlserver", environment["Storage__Provider"]);
            Assert.Equal("adonet", environment["Cluster__Membership"]);
            Assert.Contains("Server=sqlserver", (string)environment["ConnectionStrings__Runtype"], StringComparison.Ordinal);
        }

        Assert.Equal("client", Map(Services["api"], "environment")["Api__Mode"]);
        Assert.Equal(["migrate"], ((List<object>)Services["migrate"]["command"]).Cast<string>());
        Assert.Contains("8080:8080", ((List<object>)Services["api"]["ports"]).Cast<string>());
    }

    [Fact]
    public void The_readme_says_how_to_run_it_and_that_it_was_not_run_here()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        Assert.Contains("docker compose up", readme, StringComparison.Ordinal);
        Assert.Contains("8080", readme, StringComparison.Ordinal);
        Assert.Contains("not been run", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void The_SQL_Server_test_command_starts_a_healthy_compose_service_and_gives_its_login_to_the_suite()
    {
        var script = File.ReadAllText(Path.Combine(Root, "scripts", "test-sqlserver.sh"));
        var service = Regex.Match(script, "^service=(?<name>\\S+)$", RegexOptions.Multiline).Groups["name"].Value;

        Assert.True(Services.ContainsKey(service), $"scripts/test-sqlserver.sh starts '{service}', which docker-compose.yml does not define");
        Assert.NotNull(Map(Services[service], "healthcheck")["test"]);
        Assert.Contains("1433:1433", ((List<object>)Services[service]["ports"]).Cast<string>());
        // The script's password for the sa login is the one the service starts with when none is given.
        var serviceDefault = Regex.Match((string)Map(Services[service], "environment")["MSSQL_SA_PASSWORD"], ":-(?<password>[^}]+)}").Groups["password"].Value;
        Assert.Contains($"password=${{MSSQL_SA_PASSWORD:-{serviceDefault}}}", script, StringComparison.Ordinal);
        Assert.Contains("Server=127.0.0.1,1433;User Id=sa;Password=${password}", script, StringComparison.Ordinal);
        Assert.Contains($"export {TestDatabase.SqlServerVariable}=", script, StringComparison.Ordinal);
        Assert.EndsWith("bash scripts/test.sh", script.TrimEnd(), StringComparison.Ordinal);

        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        Assert.Contains("bash scripts/test-sqlserver.sh", readme, StringComparison.Ordinal);
    }

    private static string Dockerfile(Dictionary<object, object> service) => ComposeFile.Dockerfile(service);

    private static Dictionary<object, object> Map(Dictionary<object, object> parent, string key) => ComposeFile.Map(parent, key);
}
