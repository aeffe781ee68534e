using System.Text.Json;
using System.Text.RegularExpressions;
using Runtype.Testing;

namespace Runtype.Static.Tests.Monitoring;

/// <summary>
/// deploy/grafana/runtype.json imports into any Grafana (its data source is a variable, not a uid of ours), its panels
/// tile the grid without overlapping, and its queries use only the Grafana variables the system test knows how to
/// replace, so that test evaluates every one of them in a real Prometheus (tests/System.Tests/MonitoringTests).
/// </summary>
public sealed class GrafanaDashboardTests
{
    private static readonly JsonElement Dashboard = MonitoringFiles.Dashboard().RootElement;
    private static readonly List<JsonElement> Panels = [.. MonitoringFiles.Panels(Dashboard)];

    [Fact]
    public void The_dashboard_has_a_fixed_uid_and_a_Prometheus_data_source_variable()
    {
        Assert.Equal("runtype", Dashboard.GetProperty("uid").GetString());
        Assert.True(Dashboard.GetProperty("schemaVersion").GetInt32() >= 39);
        var variable = Dashboard.GetProperty("templating").GetProperty("list").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "datasource");
        Assert.Equal("datasource", variable.GetProperty("type").GetString());
        Assert.Equal("prometheus", variable.GetProperty("query").GetString());
    }

    [Fact]
    public void Every_panel_and_query_reads_from_the_data_source_variable()
    {
        foreach (var panel in Panels.Where(p => p.GetProperty("type").GetString() != "row"))
        {
            var title = panel.GetProperty("title").GetString();
            Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.True(targets.Count > 0, $"{title} has no query");
            Assert.All(targets, t => Assert.Equal("${datasource}", t.GetProperty("datasource").GetProperty("uid").GetString()));
            Assert.Equal(targets.Count, targets.Select(t => t.GetProperty("refId").GetString()).Distinct().Count());
        }
    }

    [Fact]
    public void Panel_ids_and_titles_are_unique()
    {
        Assert.Equal(Panels.Count, Panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        var titles = Panels.Select(p => p.GetProperty("title").GetString()).ToList();
        Assert.Equal(titles.Count, titles.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Panels_fit_the_24_column_grid_without_overlapping()
    {
        var cells = new HashSet<(int X, int Y)>();
        foreach (var panel in Panels)
        {
            var grid = panel.GetProperty("gridPos");
            var (x, y, w, h) = (grid.GetProperty("x").GetInt32(), grid.GetProperty("y").GetInt32(), grid.GetProperty("w").GetInt32(), grid.GetProperty("h").GetInt32());
            Assert.True(x >= 0 && w > 0 && x + w <= 24 && h > 0, $"{panel.GetProperty("title").GetString()} is off the grid");
            for (var column = x; column < x + w; column++)
            {
                for (var row = y; row < y + h; row++)
                {
                    Assert.True(cells.Add((column, row)), $"{panel.GetProperty("title").GetString()} overlaps another panel at ({column}, {row})");
                }
            }
        }
    }

    [Fact]
    public void Queries_use_only_the_Grafana_variables_a_direct_query_can_replace()
    {
        foreach (var query in MonitoringFiles.PanelQueries())
        {
            Assert.False(string.IsNullOrWhiteSpace(query.Expression), $"{query.Panel} {query.RefId} is empty");
            Assert.DoesNotContain("$", query.Evaluable, StringComparison.Ordinal);
        }
    }

    /// <summary>A panel that points at an alert names one that exists.</summary>
    [Fact]
    public void The_alerts_panels_mention_exist()
    {
        var alerts = MonitoringFiles.AlertRules().Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var mentioned = Panels.Where(p => p.TryGetProperty("description", out _))
            .SelectMany(p => Regex.Matches(p.GetProperty("description").GetString()!, @"\bRuntype[A-Z]\w+").Select(m => m.Value)).ToList();
        Assert.NotEmpty(mentioned);
        Assert.All(mentioned, name => Assert.Contains(name, alerts));
    }
}
