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
public sealed class MonitoringTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Conversations = 3;
    private const int MessagesEach = 4;

    /// <summary>Posts sent at once to one conversation, so that some are written together (write batching).</summary>
    private const int Burst = 20;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly string[] MessageCreated = ["message.created"];

    /// <summary>
    /// Queries that a short healthy run leaves empty, by a fragment of their expression, and why: every other query
    /// must return at least one series.
    /// </summary>
    private static readonly Dictionary<string, string> MayBeEmpty = new(StringComparer.Ordinal)
    {
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

        // A rate needs two scrapes of a series inside its window: evaluate again until every query that must have data
        // has it, or the patience runs out (then the last evaluation's gaps are the failure).
        var deadline = DateTime.UtcNow + Patience;
        var evaluation = await EvaluateAsync(server);
        while (evaluation.Empty.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            evaluation = await EvaluateAsync(server);
        }

        await stopStream.CancelAsync();
        await following;
        foreach (var line in evaluation.Log)
        {
            output.WriteLine(line);
        }

        // Every instrument of ours that the scrapes carry is on the dashboard: a new one without a panel fails here.
        // (Names without the suffixes of a family: _total, _bucket, _sum, _count, and _created, the start time OpenMetrics
        // gives each counter and histogram, which Prometheus keeps as a series.)
        var ours = (await server.QueryAsync("count by (__name__) ({__name__=~\"runtype_.+\"})"))
            .Select(s => Regex.Replace(s.Labels["__name__"], "_(bucket|sum|count|created|total)$", "")).Distinct().ToList();
        var expressions = MonitoringFiles.PanelQueries().Select(q => q.Expression).ToList();
        var missing = ours.Where(name => !expressions.Any(e => Regex.IsMatch(e, $@"\b{name}(_total|_bucket|_sum|_count)?\b"))).Select(name => $"{name} is on no panel");
        output.WriteLine($"{ours.Count} metrics of ours scraped: {string.Join(", ", ours.Order(StringComparer.Ordinal))}");

        var rules = await server.AlertRulesAsync();
        var failures = missing.Concat(evaluation.Empty).Concat(evaluation.Holding).Concat(rules.Where(r => r.Health != "ok").Select(r => $"rule {r.Name} is {r.Health}: {r.Error}")).ToList();
        Assert.True(failures.Count == 0, string.Join('\n', failures) + "\n\n" + server.Output);
        Assert.Equal(MonitoringFiles.AlertRules().Count, rules.Count);
    }

    /// <summary>
    /// Every dashboard query and every alert expression through the query API (a refused one throws). Empty: the queries
    /// that returned no series though they must have data. Holding: alerts whose condition holds. Log: what each returned.
    /// </summary>
    private static async Task<(List<string> Empty, List<string> Holding, List<string> Log)> EvaluateAsync(PrometheusServer server)
    {
        var (empty, holding, log) = (new List<string>(), new List<string>(), new List<string>());
        var queries = MonitoringFiles.PanelQueries();
        foreach (var query in queries)
        {
            var series = await server.QueryAsync(query.Evaluable);
            log.Add($"{series.Count,3} series  {query.Panel} [{query.RefId}]");
            if (series.Count == 0 && MustHaveData(query.Expression))
            {
                empty.Add($"panel '{query.Panel}' query {query.RefId} returned no series: {query.Evaluable}");
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
                holding.Add($"alert {rule.Name} holds on a healthy cluster: {string.Join(", ", firing.Select(s => s.Value))}");
            }

            var threshold = Regex.Match(rule.Expression, @"^(?<measured>.+?)\s*[<>]=?\s*[0-9.]+$", RegexOptions.Singleline);
            var measured = threshold.Success ? await server.QueryAsync(threshold.Groups["measured"].Value) : firing;
            log.Add($"{measured.Count,3} series  alert {rule.Name}{(threshold.Success ? " (measured side)" : "")}");
            if (threshold.Success && measured.Count == 0 && MustHaveData(rule.Expression))
            {
                empty.Add($"alert {rule.Name}: its measured side returned no series: {threshold.Groups["measured"].Value}");
            }
        }

        log.Add($"{queries.Count} dashboard queries and {rules.Count} alert expressions evaluated");
        return (empty, holding, log);
    }

    private static bool MustHaveData(string expression) => !MayBeEmpty.Keys.Any(fragment => expression.Contains(fragment, StringComparison.Ordinal));

    private static string Tool(string program) =>
        PrometheusServer.Find(program) ?? throw new InvalidOperationException(
            $"{program} is not installed: the full test command (bash scripts/test.sh) installs Debian's prometheus package.");

    private static Dictionary<string, string> Settings(int metricsPort) => new()
    {
        ["Metrics__Prometheus__Enabled"] = "true",
        ["Metrics__Prometheus__Port"] = metricsPort.ToString(CultureInfo.InvariantCulture),
        ["Webhooks__AllowInsecureTargets"] = "true",
        // The delivery grain's wake-up reminder ticks every second, so reminders fire within the test.
        ["Webhooks__WakeEvery"] = "00:00:01",
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
    /// a burst of concurrent posts to one conversation, an idempotent retry, a duplicate externalMessageId and a history
    /// import; returns how many messages were appended.
    /// </summary>
    private static async Task<int> WriteTrafficAsync(HttpClient client, WebhookReceiver receiver)
    {
        using (var registered = await PostAsync(client, "/v1/messaging/webhooks", JsonSerializer.Serialize(new { url = receiver.Url.ToString(), types = MessageCreated })))
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
        var burst = await Task.WhenAll(Enumerable.Range(0, Burst).Select(async n =>
        {
            using var posted = await PostAsync(client, $"/v1/messaging/conversations/{ids[^1]}/messages", $$"""{"content":"burst {{n}}","role":"user"}""");
            return posted.StatusCode;
        }));
        Assert.All(burst, status => Assert.Equal(HttpStatusCode.Created, status));
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

        // An import may not go back before the conversation's last message: now is after every answer above.
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        using (var imported = await PostAsync(client, messages + "/import", $$"""{"messages":[{"content":"old","role":"user","externalMessageId":"old-1","createdAt":"{{now}}"}]}"""))
        {
            Assert.True(imported.IsSuccessStatusCode, $"the import was answered {imported.StatusCode}: {await imported.Content.ReadAsStringAsync()}");
        }

        return (Conversations * MessagesEach) + Burst + 1;
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
