using System.Net;
using Microsoft.AspNetCore.Hosting;
using Runtype.Testing;

namespace Runtype.Api.Tests;

/// <summary>
/// <c>GET /metrics</c> through the real pipeline and OpenTelemetry's Prometheus exporter: on by default in Development,
/// answered without a key, in the text format, under the names Prometheus users expect (<c>_total</c> on counters, the
/// unit's suffix), with the HTTP server's, ours, Orleans' and the runtime's metrics, and nothing an owner wrote or is
/// known by. With <c>Metrics:Prometheus:Port</c> it is answered on that port only (a real server on real ports).
/// </summary>
public sealed class PrometheusTests(PrometheusTests.DevelopmentApiFactory factory) : IClassFixture<PrometheusTests.DevelopmentApiFactory>
{
    private const string PrometheusPath = "/metrics";

    [Fact]
    public async Task Metrics_are_served_without_a_key_in_the_Prometheus_text_format_under_the_names_Prometheus_users_expect()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        const string content = "a message text the metrics must never show";
        var message = await client.CreateMessageAsync(conversation.Id(), $$"""{"content":"{{content}}","role":"user","externalMessageId":"ext-metrics-1"}""");

        using var anonymous = factory.ClientFor(apiKey: null);
        var (response, scrape) = await ScrapeUntilAsync(anonymous, "runtype_messages_appended_total{");

        Assert.Equal(HttpStatusCode.OK, response);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", scrape, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{", scrape, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/v1/messaging/conversations/{id}/messages/\"", scrape, StringComparison.Ordinal);
        Assert.Contains("# TYPE runtype_messages_appended_total counter", scrape, StringComparison.Ordinal);
        Assert.Contains("# TYPE runtype_conversations_active gauge", scrape, StringComparison.Ordinal);
        // Our histograms advise buckets in seconds: the default ones start at 5 (s) and would hold every append.
        Assert.Contains("runtype_messages_append_duration_seconds_bucket{otel_scope_name=\"Runtype\",le=\"0.005\"}", scrape, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_process_memory_working_set_bytes gauge", scrape, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_gc_collections_total counter", scrape, StringComparison.Ordinal);
        Assert.Contains("# TYPE orleans_catalog_activations gauge", scrape, StringComparison.Ordinal);
        Assert.Contains("service_instance_id=\"", scrape, StringComparison.Ordinal);

        foreach (var secret in new[] { conversation.Id(), message.Id(), "ext-metrics-1", "owner-a", ApiFactory.OwnerAKey, content })
        {
            Assert.DoesNotContain(secret, scrape, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_content_type_is_Prometheus_text_format_0_0_4()
    {
        using var anonymous = factory.ClientFor(apiKey: null);
        using var response = await anonymous.GetAsync(PrometheusPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
    }

    /// <summary>A process of ours on real ports: the full suite runs it, the fast tier does not.</summary>
    [Fact]
    [Trait("Tier", "Full")]
    public async Task With_a_metrics_port_the_metrics_are_answered_there_and_not_on_the_API_s_port()
    {
        var metricsPort = Ports.Free();
        await using var api = await ApiProcess.StartAsync("memory", "", settings: new Dictionary<string, string>
        {
            ["Metrics__Prometheus__Enabled"] = "true",
            ["Metrics__Prometheus__Port"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using (var onApiPort = await http.GetAsync(new Uri(api.Address, PrometheusPath)))
        {
            Assert.Equal(HttpStatusCode.NotFound, onApiPort.StatusCode);
        }

        // The port the connection came in on decides, not a Host header the client wrote.
        using (var forged = new HttpRequestMessage(HttpMethod.Get, new Uri(api.Address, PrometheusPath)))
        {
            forged.Headers.Host = $"127.0.0.1:{metricsPort}";
            using var answer = await http.SendAsync(forged);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        }

        using var onMetricsPort = await http.GetAsync(new Uri($"http://127.0.0.1:{metricsPort}{PrometheusPath}"));
        Assert.Equal(HttpStatusCode.OK, onMetricsPort.StatusCode);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", await onMetricsPort.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The metrics port serves the metrics only, not the API, whatever the key.
        using var apiOnMetricsPort = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{metricsPort}/v1/messaging/conversations");
        apiOnMetricsPort.Headers.TryAddWithoutValidation("Authorization", ApiProcess.ApiKey);
        using var refused = await http.SendAsync(apiOnMetricsPort);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        using var health = await http.GetAsync(new Uri($"http://127.0.0.1:{metricsPort}/health/live"));
        Assert.Equal(HttpStatusCode.NotFound, health.StatusCode);
    }

    /// <summary>
    /// Scrapes until <paramref name="expected"/> shows: the exporter answers from a copy up to 300 ms old, so the
    /// measurement of a request just answered may be missing from the first scrape.
    /// </summary>
    private static async Task<(HttpStatusCode Status, string Text)> ScrapeUntilAsync(HttpClient client, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var response = await client.GetAsync(PrometheusPath);
            var text = await response.Content.ReadAsStringAsync();
            if (text.Contains(expected, StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return (response.StatusCode, text);
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The API in the Development environment, whose appsettings.Development.json turns the metrics on.</summary>
    public sealed class DevelopmentApiFactory : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Development");
        }
    }
}
