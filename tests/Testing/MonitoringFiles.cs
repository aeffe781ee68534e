using System.Text.Json;
using YamlDotNet.Serialization;

namespace Runtype.Testing;

/// <summary>
/// The alert rules (deploy/prometheus/alerts.yml) and the Grafana dashboard (deploy/grafana/runtype.json) as the
/// tests read them: the static tests check their structure, the system test evaluates every expression in Prometheus.
/// </summary>
public static class MonitoringFiles
{
    public static readonly string AlertsPath = RepositoryPaths.Of("deploy", "prometheus", "alerts.yml");
    public static readonly string PrometheusConfigPath = RepositoryPaths.Of("deploy", "prometheus", "prometheus.yml");
    public static readonly string DashboardPath = RepositoryPaths.Of("deploy", "grafana", "runtype.json");

    /// <summary>
    /// Grafana's variables the dashboard's expressions may use, with the literal a direct query puts in their place:
    /// <c>$__rate_interval</c> is at least four scrape intervals, so one minute covers any interval up to 15 s.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> GrafanaVariables = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["$__rate_interval"] = "1m",
    };

    /// <summary>One alerting rule of alerts.yml: its group, its name, and the rest of its fields as written.</summary>
    public sealed record AlertRule(string Group, string Name, string Expression, Dictionary<object, object> Fields);

    /// <summary>One query of a dashboard panel: the panel's title, the query's refId and its PromQL as Grafana sends it.</summary>
    public sealed record PanelQuery(string Panel, string RefId, string Expression)
    {
        /// <summary>The expression with every Grafana variable replaced by its literal, as Prometheus is asked it directly.</summary>
        public string Evaluable => GrafanaVariables.Aggregate(Expression, (expression, variable) => expression.Replace(variable.Key, variable.Value, StringComparison.Ordinal));
    }

    public static IReadOnlyList<AlertRule> AlertRules()
    {
        var document = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(File.ReadAllText(AlertsPath));
        return [.. ((List<object>)document["groups"]).Cast<Dictionary<object, object>>()
            .SelectMany(group => ((List<object>)group["rules"]).Cast<Dictionary<object, object>>()
                .Where(rule => rule.ContainsKey("alert"))
                .Select(rule => new AlertRule((string)group["name"], (string)rule["alert"], ((string)rule["expr"]).Trim(), rule)))];
    }

    public static JsonDocument Dashboard() => JsonDocument.Parse(File.ReadAllText(DashboardPath));

    /// <summary>Every panel of the dashboard, rows' nested panels included (a collapsed row keeps its panels inside it).</summary>
    public static IEnumerable<JsonElement> Panels(JsonElement dashboard) =>
        dashboard.GetProperty("panels").EnumerateArray().SelectMany(panel =>
            panel.TryGetProperty("panels", out var nested) ? [panel, .. nested.EnumerateArray()] : new[] { panel });

    public static IReadOnlyList<PanelQuery> PanelQueries()
    {
        using var dashboard = Dashboard();
        return [.. Panels(dashboard.RootElement)
            .Where(panel => panel.TryGetProperty("targets", out _))
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray().Select(target => new PanelQuery(
                panel.GetProperty("title").GetString()!,
                target.GetProperty("refId").GetString()!,
                target.GetProperty("expr").GetString()!)))];
    }
}
