using System.Text.RegularExpressions;
using Runtype.Testing;

namespace Runtype.Static.Tests.Monitoring;

/// <summary>
/// docker-compose.yml's "observability" profile, checked for structure (no container engine runs here): Prometheus
/// scrapes exactly our processes on the port each one serves metrics on, that port stays inside the compose network,
/// and Grafana is provisioned with a data source that reaches Prometheus and with the dashboard.
/// </summary>
public sealed class MonitoringComposeTests
{
    private const string Profile = "observability";
    private static readonly string[] Ours = ["silo1", "silo2", "api"];
    private static readonly Dictionary<object, object> Prometheus = ComposeFile.Load("deploy", "prometheus", "prometheus.yml");

    [Fact]
    public void Prometheus_and_Grafana_start_only_with_the_observability_profile()
    {
        var profiled = ComposeFile.Services.Where(s => s.Value.ContainsKey("profiles")).ToDictionary(s => s.Key, s => ComposeFile.Strings(s.Value, "profiles").ToList());
        Assert.Equal(["grafana", "prometheus"], profiled.Keys.Order(StringComparer.Ordinal));
        Assert.All(profiled.Values, profiles => Assert.Equal([Profile], profiles));
    }

    [Fact]
    public void Every_process_of_ours_serves_metrics_and_is_scraped_on_that_port_in_its_job()
    {
        var targets = Targets();
        foreach (var name in Ours)
        {
            var environment = ComposeFile.Environment(name);
            Assert.Equal("true", environment["Metrics__Prometheus__Enabled"]);
            var port = (string)environment["Metrics__Prometheus__Port"];
            var silo = Path.GetFullPath(ComposeFile.Dockerfile(ComposeFile.Services[name]), RepositoryPaths.Root) == RepositoryPaths.Of("src", "Silo", "Dockerfile");
            var job = silo ? "runtype-silo" : "runtype-api";
            Assert.Contains((job, $"{name}:{port}"), targets);
        }

        Assert.Equal(Ours.Length, targets.Count);
    }

    [Fact]
    public void The_metrics_port_is_not_published_to_the_host()
    {
        foreach (var name in Ours)
        {
            var port = (string)ComposeFile.Environment(name)["Metrics__Prometheus__Port"];
            var published = ComposeFile.Services[name].TryGetValue("ports", out var ports) ? ((List<object>)ports).Cast<string>() : [];
            Assert.DoesNotContain(published, mapping => mapping.Split(':')[^1] == port);
        }
    }

    [Fact]
    public void Prometheus_and_Grafana_are_published_on_loopback_only()
    {
        Assert.Equal(["127.0.0.1:9090:9090"], ComposeFile.Strings(ComposeFile.Services["prometheus"], "ports"));
        Assert.Equal(["127.0.0.1:3000:3000"], ComposeFile.Strings(ComposeFile.Services["grafana"], "ports"));
    }

    [Fact]
    public void Prometheus_reads_the_mounted_configuration_and_its_rule_files()
    {
        var service = ComposeFile.Services["prometheus"];
        Assert.Contains("./deploy/prometheus:/etc/prometheus:ro", ComposeFile.Strings(service, "volumes"));
        Assert.Contains("--config.file=/etc/prometheus/prometheus.yml", ComposeFile.Strings(service, "command"));
        var rules = ComposeFile.Strings(Prometheus, "rule_files").ToList();
        Assert.Equal(["alerts.yml"], rules);
        Assert.All(rules, file => Assert.True(File.Exists(RepositoryPaths.Of("deploy", "prometheus", file)), file));
    }

    /// <summary>Jobs named in an alert or a panel (<c>job="..."</c>) are jobs Prometheus has: a typo would match nothing, silently.</summary>
    [Fact]
    public void The_jobs_the_alerts_and_the_dashboard_name_are_scrape_jobs()
    {
        var jobs = Targets().Select(t => t.Job).ToHashSet(StringComparer.Ordinal);
        var expressions = MonitoringFiles.AlertRules().Select(r => r.Expression).Concat(MonitoringFiles.PanelQueries().Select(q => q.Expression));
        var named = expressions.SelectMany(e => Regex.Matches(e, "job=\"(?<job>[^\"]+)\"").Select(m => m.Groups["job"].Value)).ToList();
        Assert.NotEmpty(named);
        Assert.All(named, job => Assert.Contains(job, jobs));
    }

    [Fact]
    public void Grafana_is_provisioned_with_a_data_source_that_reaches_Prometheus_and_with_the_dashboard()
    {
        var grafana = ComposeFile.Services["grafana"];
        var volumes = ComposeFile.Strings(grafana, "volumes").Select(v => v.Split(':')).ToDictionary(v => v[1], v => v[0], StringComparer.Ordinal);
        Assert.Equal("./deploy/grafana/provisioning", volumes["/etc/grafana/provisioning"]);
        Assert.Equal("service_healthy", ComposeFile.Map(ComposeFile.Map(grafana, "depends_on"), "prometheus")["condition"]);

        var sources = (List<object>)ComposeFile.Load("deploy", "grafana", "provisioning", "datasources", "prometheus.yml")["datasources"];
        var source = Assert.IsType<Dictionary<object, object>>(Assert.Single(sources));
        Assert.Equal("prometheus", source["type"]);
        var url = new Uri((string)source["url"]);
        Assert.True(ComposeFile.Services.ContainsKey(url.Host), $"the data source's host {url.Host} is no compose service");
        Assert.Contains(ComposeFile.Strings(ComposeFile.Services[url.Host], "ports"), mapping => mapping.EndsWith($":{url.Port}", StringComparison.Ordinal));

        var providers = (List<object>)ComposeFile.Load("deploy", "grafana", "provisioning", "dashboards", "runtype.yml")["providers"];
        var folder = (string)ComposeFile.Map(Assert.IsType<Dictionary<object, object>>(Assert.Single(providers)), "options")["path"];
        var dashboards = volumes.Where(v => Path.GetDirectoryName(v.Key) == folder).Select(v => v.Value).ToList();
        Assert.Equal(["./deploy/grafana/runtype.json"], dashboards);
        Assert.True(File.Exists(MonitoringFiles.DashboardPath));
    }

    /// <summary>Each scrape target with its job, as written in deploy/prometheus/prometheus.yml.</summary>
    private static List<(string Job, string Target)> Targets() =>
        [.. ((List<object>)Prometheus["scrape_configs"]).Cast<Dictionary<object, object>>().SelectMany(job =>
            ((List<object>)job["static_configs"]).Cast<Dictionary<object, object>>()
                .SelectMany(config => ComposeFile.Strings(config, "targets"))
                .Select(target => ((string)job["job_name"], target)))];
}
