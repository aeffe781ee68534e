using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Runtype.Storage.Sql;
using Runtype.Testing;
using YamlDotNet.Serialization;

namespace Runtype.System.Tests;

/// <summary>
/// The alert rules and the Grafana dashboard against a real Prometheus (Debian's package, which the full test command
/// installs) scraping a real cluster laid out as docker-compose.yml lays it out: two silo processes clustered through
/// PostgreSQL and an API in client mode, each serving metrics on its own port. Every dashboard query and every alert
/// expression goes through Prometheus's query API: none may be refused, the ones a cluster with traffic always has
/// must return series, and none of the alerts may hold on this healthy cluster.
/// </summary>
public sealed class PrometheusTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Conversations = 3;
    private const int MessagesEach = 4;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Queries that a short healthy run leaves empty, by a fragment of their expression, and why: every other query
    /// must return at least one series.
    /// </summary>
    private static readonly Dictionary<string, string> MayBeEmpty = new(StringComparer.Ordinal)
    {
        ["http_response_status_code=~\"5..\""] = "no request fails with 5xx on a healthy cluster",
        ["runtype_store_errors_total"] = "no storage error on a healthy database",
        ["runtype_webhooks_given_up_total"] = "the receiver accepts every delivery",
    };

    [Fact]
    public async Task Promtool_accepts_the_alert_rules()
    {
        var check = await ProcessRun.RunAsync(Tool("promtool"), TimeSpan.FromSeconds(60), "check", "rules", MonitoringFiles.AlertsPath);
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
    }

    [Fact]
    public async Task Promtool_accepts_the_compose_configuration_and_the_rules_it_loads()
    {
        var check = await ProcessRun.RunAsync(Tool("promtool"), TimeSpan.FromSeconds(60), "check", "config", MonitoringFiles.PrometheusConfigPath);
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        Assert.Contains("alerts.yml", check.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_dashboard_query_and_alert_expression_evaluates_against_a_scraped_two_silo_cluster()
    {
        var prometheus = Tool("prometheus");
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        await using var receiver = await WebhookReceiver.StartAsync();
        var clusterId = "prometheus-" + Guid.NewGuid().ToString("N")[..8];
        var metricsPorts = new Dictionary<string, int>(StringComparer.Ordinal) { ["silo1"] = Ports.Free(), ["silo2"] = Ports.Free(), ["api"] = Ports.Free() };

        await using var silo1 = await SiloProcess.StartAsync("silo1", clusterId, database.ConnectionString, settings: Settings(metricsPorts["silo1"]));
        await using var silo2 = await SiloProcess.StartAsync("silo2", clusterId, database.ConnectionString, settings: Settings(metricsPorts["silo2"]));
        var apiSettings = Settings(metricsPorts["api"]);
        apiSettings["Api__Mode"] = "client";
        apiSettings["Cluster__Membership"] = "adonet";
        apiSettings["Cluster__ClusterId"] = clusterId;
        apiSettings["Cluster__ServiceId"] = clusterId;
        await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString, settings: apiSettings);
        await using var server = await PrometheusServer.StartAsync(prometheus, ScrapeConfiguration(metricsPorts));

        using var client = api.Client();
        using var streamClient = api.Client();
        streamClient.Timeout = Timeout.InfiniteTimeSpan;
        using var stream = new StreamFollower(streamClient);
        using var stopStream = new CancellationTokenSource();
        var following = Task.Run(() => stream.RunAsync(stopStream.Token));
        var appended = await WriteTrafficAsync(client, receiver);
        await receiver.WaitForAsync(r => r.Count(w => w.Answered == 200) >= appended, Patience);

        // Data has arrived when Prometheus's view matches what was done: every target up, the two silos in one ring,
        // every acknowledged message counted, every conversation active somewhere.
        await UntilAsync(server, async () =>
            (await server.TargetsAsync()) is { Count: 3 } targets && targets.All(t => t.Health == "up")
            && await ValueAsync(server, "sum(up{job=\"runtype-silo\"})") == 2
            && await ValueAsync(server, "min(orleans_consistent_ring_size)") == 2
            && await ValueAsync(server, "sum(runtype_messages_appended_total)") == appended
            && await ValueAsync(server, "sum(runtype_conversations_active)") == Conversations
            && stream.Events.Count >= Conversations + appended, "the scrapes to show the cluster and its traffic");
        // The rules have been evaluated at least once when none is of unknown health.
        await UntilAsync(server, async () => (await server.AlertRulesAsync()).All(r => r.Health != "unknown"), "the alert rules' first evaluation");
        await stopStream.CancelAsync();
        await following;

        var failures = new List<string>();
        var queries = MonitoringFiles.PanelQueries();
        foreach (var query in queries)
        {
            var series = await server.QueryAsync(query.Evaluable);
            output.WriteLine($"{series.Count,3} series  {query.Panel} [{query.RefId}]");
            if (series.Count == 0 && !MayBeEmpty.Keys.Any(fragment => query.Expression.Contains(fragment, StringComparison.Ordinal)))
            {
                failures.Add($"panel '{query.Panel}' query {query.RefId} returned no series: {query.Evaluable}");
            }
        }

        var rules = MonitoringFiles.AlertRules();
        foreach (var rule in rules)
        {
            // The alert's condition holds for no series (nothing would fire here), and the measured side of a
            // threshold has data, so a misspelt metric cannot hide behind a condition that is never true.
            var firing = await server.QueryAsync(rule.Expression);
            if (firing.Count > 0)
            {
                failures.Add($"alert {rule.Name} holds on a healthy cluster: {string.Join(", ", firing.Select(s => s.Value))}");
            }

            var threshold = Regex.Match(rule.Expression, @"^(?<measured>.+?)\s*[<>]=?\s*[0-9.]+$", RegexOptions.Singleline);
            if (threshold.Success)
            {
                var measured = await server.QueryAsync(threshold.Groups["measured"].Value);
                output.WriteLine($"{measured.Count,3} series  alert {rule.Name}");
                if (measured.Count == 0 && !MayBeEmpty.Keys.Any(fragment => rule.Expression.Contains(fragment, StringComparison.Ordinal)))
                {
                    failures.Add($"alert {rule.Name}: its measured side returned no series: {threshold.Groups["measured"].Value}");
                }
            }
        }

        var unhealthy = (await server.AlertRulesAsync()).Where(r => r.Health != "ok").Select(r => $"rule {r.Name} is {r.Health}: {r.Error}");
        failures.AddRange(unhealthy);
        Assert.True(failures.Count == 0, string.Join('\n', failures) + "\n\n" + server.Output);
        Assert.Equal(rules.Count, (await server.AlertRulesAsync()).Count);
        output.WriteLine($"{queries.Count} dashboard queries and {rules.Count} alert expressions evaluated");
    }

    private static string Tool(string program) =>
        PrometheusServer.Find(program) ?? throw new InvalidOperationException(
            $"{program} is not installed: the full test command (bash scripts/test.sh) installs Debian's prometheus package.");

    private static Dictionary<string, string> Settings(int metricsPort) => new()
    {
        ["Metrics__Prometheus__Enabled"] = "true",
        ["Metrics__Prometheus__Port"] = metricsPort.ToString(CultureInfo.InvariantCulture),
        ["Webhooks__AllowInsecureTargets"] = "true",
        ["Storage__ApplyMigrations"] = "false",
    };

    /// <summary>
    /// deploy/prometheus/prometheus.yml with its compose targets (service:port) replaced by this machine's processes,
    /// scraped and evaluated every second, and the alert rules loaded from the repository.
    /// </summary>
    private static string ScrapeConfiguration(Dictionary<string, int> metricsPorts)
    {
        var config = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(File.ReadAllText(MonitoringFiles.PrometheusConfigPath));
        config["global"] = new Dictionary<object, object> { ["scrape_interval"] = "1s", ["evaluation_interval"] = "1s" };
        config["rule_files"] = new List<object> { MonitoringFiles.AlertsPath };
        foreach (var job in ((List<object>)config["scrape_configs"]).Cast<Dictionary<object, object>>())
        {
            foreach (var targets in ((List<object>)job["static_configs"]).Cast<Dictionary<object, object>>())
            {
                targets["targets"] = ((List<object>)targets["targets"]).Cast<string>().Select(target =>
                {
                    var service = target.Split(':')[0];
                    Assert.True(metricsPorts.TryGetValue(service, out var port), $"prometheus.yml scrapes {target}, which this test does not run");
                    return (object)string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}");
                }).ToList();
            }
        }

        return new SerializerBuilder().Build().Serialize(config);
    }

    /// <summary>
    /// Conversations and messages through the API, with a webhook endpoint and an open stream receiving their events,
    /// an idempotent retry, a duplicate externalMessageId and a history import; returns how many messages were appended.
    /// </summary>
    private static async Task<int> WriteTrafficAsync(HttpClient client, WebhookReceiver receiver)
    {
        using (var registered = await PostAsync(client, "/v1/messaging/webhooks", JsonSerializer.Serialize(new { url = receiver.Url.ToString(), types = new[] { "message.created" } })))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        var ids = new List<string>();
        for (var c = 0; c < Conversations; c++)
        {
            using var created = await PostAsync(client, "/v1/messaging/conversations", """{"surfaceId":"sms"}""");
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids.Add(JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
            for (var m = 0; m < MessagesEach; m++)
            {
                using var posted = await PostAsync(client, $"/v1/messaging/conversations/{ids[^1]}/messages", $$"""{"content":"m{{m}}","role":"user","externalMessageId":"x{{m}}"}""");
                Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            }

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/messaging/conversations/{ids[^1]}/messages")).StatusCode);
        }

        var messages = $"/v1/messaging/conversations/{ids[0]}/messages";
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, messages) { Content = Json("""{"content":"once","role":"user"}""") };
            request.Headers.Add("Idempotency-Key", "prometheus-test");
            using var keyed = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, keyed.StatusCode);
        }

        using (var duplicate = await PostAsync(client, messages, """{"content":"m0","role":"user","externalMessageId":"x0"}"""))
        {
            Assert.True(duplicate.IsSuccessStatusCode, $"the duplicate was answered {duplicate.StatusCode}");
        }

        using (var imported = await PostAsync(client, messages + "/import", """{"messages":[{"content":"old","role":"user","externalMessageId":"old-1","createdAt":"2024-05-01T09:30:00Z"}]}"""))
        {
            Assert.True(imported.IsSuccessStatusCode, $"the import was answered {imported.StatusCode}");
        }

        return (Conversations * MessagesEach) + 1;
    }

    private static async Task<double?> ValueAsync(PrometheusServer server, string expression) =>
        (await server.QueryAsync(expression)) is [var only] ? only.Value : null;

    private static async Task UntilAsync(PrometheusServer server, Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}:\n{server.Output}");
            await Task.Delay(250);
        }
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json) => client.PostAsync(path, Json(json));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
