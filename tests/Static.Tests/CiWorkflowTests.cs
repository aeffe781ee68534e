using System.Text.RegularExpressions;
using Runtype.Testing;
using YamlDotNet.Serialization;

namespace Runtype.Static.Tests;

/// <summary>
/// The hosted-CI workflow cannot run on our build machines, so its structure is checked here: the ordinary test
/// command in one job, the same command with a health-checked SQL Server (built with Full-Text Search) in another, the
/// connection string matching that container, and a header and README that say it has never run.
/// </summary>
public sealed class CiWorkflowTests
{
    private static readonly string WorkflowPath = Path.Combine(RepositoryPaths.Root, ".github", "workflows", "ci.yml");
    private static readonly Dictionary<object, object> Jobs = LoadJobs();

    [Fact]
    public void One_job_runs_the_test_command_and_another_runs_it_with_SQL_Server()
    {
        Assert.Equal(["sqlserver", "tests"], Jobs.Keys.Cast<string>().Order(StringComparer.Ordinal));
        foreach (var job in Jobs.Values.Cast<Dictionary<object, object>>())
        {
            Assert.Equal("bash scripts/test.sh", Steps(job).Last()["run"]);
        }

        Assert.False(Map(Jobs, "tests").ContainsKey("env"), "the ordinary job must not be given a SQL Server");
    }

    [Fact]
    public void The_SQL_Server_job_builds_SQL_Server_2022_with_Full_Text_Search_waits_for_it_and_gives_the_suite_its_login()
    {
        var job = Map(Jobs, "sqlserver");
        var start = (string)Steps(job).Single(step => step.TryGetValue("run", out var run) && ((string)run).Contains("docker run", StringComparison.Ordinal))["run"];
        var password = Regex.Match(start, "MSSQL_SA_PASSWORD=(?<password>\\S+)").Groups["password"].Value;
        var connection = (string)Map(job, "env")[TestDatabase.SqlServerVariable];
        var dockerfile = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "sqlserver", "Dockerfile"));

        Assert.False(job.ContainsKey("services"), "the stock image as a service has no Full-Text Search");
        Assert.Contains("docker build -t runtype-sqlserver deploy/sqlserver", start, StringComparison.Ordinal);
        Assert.Contains("FROM mcr.microsoft.com/mssql/server:2022-latest", dockerfile, StringComparison.Ordinal);
        Assert.Contains("mssql-server-fts", dockerfile, StringComparison.Ordinal);
        Assert.Contains("-p 1433:1433", start, StringComparison.Ordinal);
        Assert.Matches($"--health-cmd \"[^\"]*sqlcmd [^\"]*-P {Regex.Escape(password)} ", start);
        Assert.Contains("until [", start, StringComparison.Ordinal);
        Assert.NotEmpty(password);
        Assert.Contains($"Server=127.0.0.1,1433;User Id=sa;Password={password};", connection, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_checkout_and_the_dotnet_setup_action_are_used()
    {
        var actions = Jobs.Values.Cast<Dictionary<object, object>>().SelectMany(Steps)
            .Where(step => step.ContainsKey("uses")).Select(step => (string)step["uses"]).Distinct();

        Assert.Equal(["actions/checkout@v4", "actions/setup-dotnet@v4"], actions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_workflow_and_the_readme_say_it_has_never_run()
    {
        Assert.Contains("HAS NEVER RUN", File.ReadAllLines(WorkflowPath)[0], StringComparison.Ordinal);
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        Assert.Contains(".github/workflows/ci.yml", readme, StringComparison.Ordinal);
        Assert.Contains("has never run", readme, StringComparison.Ordinal);
    }

    private static IEnumerable<Dictionary<object, object>> Steps(Dictionary<object, object> job) =>
        ((List<object>)job["steps"]).Cast<Dictionary<object, object>>();

    private static Dictionary<object, object> Map(Dictionary<object, object> parent, string key) =>
        Assert.IsType<Dictionary<object, object>>(parent[key]);

    private static Dictionary<object, object> LoadJobs()
    {
        var document = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(File.ReadAllText(WorkflowPath));
        return (Dictionary<object, object>)document["jobs"];
    }
}
