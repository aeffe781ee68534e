using System.Net;
using Runtype.Testing;

namespace Runtype.System.Tests;

/// <summary>
/// The OpenAPI document passes Spectral, and the reference page renders it in a real browser: both tools run as child
/// processes (installed by the test command) against the API binary on real Kestrel.
/// </summary>
public sealed class DocumentationTests
{
    private static readonly string[] Operations =
    [
        "List conversations", "Create conversation", "Get conversation", "Update conversation",
        "Delete conversation", "List messages", "Create message",
    ];

    [Fact]
    public async Task The_OpenAPI_document_passes_Spectral_with_no_errors_or_warnings()
    {
        var spectral = RepositoryPaths.Of("tools", "openapi", "node_modules", ".bin", "spectral");
        Assert.True(File.Exists(spectral), "Spectral is not installed: run `npm ci --prefix tools/openapi` (the README's test command does).");
        await using var api = await ApiProcess.StartAsync("memory", "");
        using var client = api.Client();
        var document = Path.Combine(Path.GetTempPath(), $"runtype-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await client.GetStringAsync("/openapi/v1.json"));
        try
        {
            var lint = await ProcessRun.RunAsync(spectral, TimeSpan.FromSeconds(90), "lint", document,
                "--ruleset", RepositoryPaths.Of("tools", "openapi", ".spectral.yaml"), "--fail-severity", "warn");
            Assert.True(lint.ExitCode == 0, lint.Stdout + lint.Stderr);
        }
        finally
        {
            File.Delete(document);
        }
    }

    [Fact]
    public async Task The_reference_page_renders_the_seven_endpoints_in_headless_Chromium()
    {
        const string chromium = "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), "Chromium is not installed: the README's test command installs Debian's chromium package.");
        await using var api = await ApiProcess.StartAsync("memory", "", environment: "Development");
        using var client = api.Client();
        using (var page = await client.GetAsync("/docs"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        var profile = Directory.CreateTempSubdirectory("runtype-chromium-");
        try
        {
            // No host name resolves, so the page renders only from what the API itself serves (no CDN), on any machine.
            var browser = await ProcessRun.RunAsync(chromium, TimeSpan.FromSeconds(90), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--virtual-time-budget=20000", "--dump-dom",
                new Uri(api.Address, "/docs").ToString());
            var dom = browser.Stdout + browser.Stderr;
            Assert.True(browser.ExitCode == 0, dom);
            foreach (var operation in Operations)
            {
                Assert.Contains(operation, dom, StringComparison.Ordinal);
            }
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
