using Runtype.Testing;

namespace Runtype.Static.Tests.Monitoring;

/// <summary>
/// Every alert in deploy/prometheus/alerts.yml is one an operator can act on: it waits (<c>for:</c>) before firing, says
/// how urgent it is, says what happened, and docs/operations.md says what it means and what to check first.
/// promtool and a real Prometheus check the expressions (tests/System.Tests/MonitoringTests).
/// </summary>
public sealed class AlertRulesTests
{
    private static readonly IReadOnlyList<MonitoringFiles.AlertRule> Rules = MonitoringFiles.AlertRules();
    private static readonly string[] Severities = ["critical", "warning"];

    [Fact]
    public void The_rules_cover_what_the_issue_asks_for()
    {
        Assert.Equal(
            ["RuntypeClusterShrank", "RuntypeEventFeedLagHigh", "RuntypeHighServerErrorRate", "RuntypeMemoryNearLimit", "RuntypeSiloDown",
             "RuntypeStorageUnavailable", "RuntypeUnknownOutcomeWrites", "RuntypeWebhookEndpointGivingUp"],
            Rules.Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_rule_waits_before_firing_and_has_a_severity_a_summary_and_a_description()
    {
        foreach (var rule in Rules)
        {
            Assert.True(rule.Fields.TryGetValue("for", out var wait) && !string.IsNullOrWhiteSpace((string)wait), $"{rule.Name} has no for:");
            var labels = ComposeFile.Map(rule.Fields, "labels");
            Assert.Contains((string)labels["severity"], Severities);
            var annotations = ComposeFile.Map(rule.Fields, "annotations");
            Assert.False(string.IsNullOrWhiteSpace((string)annotations["summary"]), $"{rule.Name} has no summary");
            Assert.False(string.IsNullOrWhiteSpace((string)annotations["description"]), $"{rule.Name} has no description");
        }
    }

    [Fact]
    public void Every_alert_has_a_section_in_the_operations_guide()
    {
        var guide = File.ReadAllLines(RepositoryPaths.Of("docs", "operations.md"));
        foreach (var rule in Rules)
        {
            Assert.Contains($"### {rule.Name}", guide);
        }
    }

    [Fact]
    public void The_readme_links_the_operations_guide()
    {
        Assert.Contains("(docs/operations.md)", File.ReadAllText(RepositoryPaths.Of("README.md")), StringComparison.Ordinal);
    }
}
