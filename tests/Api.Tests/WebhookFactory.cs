using Microsoft.AspNetCore.Hosting;

namespace Runtype.Api.Tests;

/// <summary>
/// An API host whose webhooks may target loopback (the tests' receivers), retry after <see cref="FirstRetryDelay"/>,
/// time out after <see cref="Timeout"/> and give up after <see cref="RetryFor"/>, so delivery rules show within a
/// test's time.
/// </summary>
public class WebhookFactory : ApiFactory
{
    protected virtual TimeSpan RetryFor => TimeSpan.FromMinutes(5);

    protected virtual TimeSpan FirstRetryDelay => TimeSpan.FromMilliseconds(200);

    protected virtual TimeSpan Timeout => TimeSpan.FromSeconds(2);

    protected virtual bool AllowInsecureTargets => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Webhooks:AllowInsecureTargets", AllowInsecureTargets ? "true" : "false");
        builder.UseSetting("Webhooks:FirstRetryDelay", Setting(FirstRetryDelay));
        builder.UseSetting("Webhooks:Timeout", Setting(Timeout));
        builder.UseSetting("Webhooks:WakeEvery", "00:00:02");
        builder.UseSetting("Webhooks:RetryFor", Setting(RetryFor));
    }

    private static string Setting(TimeSpan value) => value.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Gives a failing event up after a second and a half.</summary>
public sealed class ShortRetryWebhookFactory : WebhookFactory
{
    protected override TimeSpan RetryFor => TimeSpan.FromSeconds(1.5);
}

/// <summary>
/// Retries after 20 ms, doubling, and gives a receiver one second (the shortest timeout allowed): an outage of a few
/// failed attempts each passes in seconds, and the backoff it builds up stays short.
/// </summary>
public sealed class QuickRetryWebhookFactory : WebhookFactory
{
    protected override TimeSpan FirstRetryDelay => TimeSpan.FromMilliseconds(20);

    protected override TimeSpan Timeout => TimeSpan.FromSeconds(1);
}

/// <summary>Production's address rules: only public https targets.</summary>
public sealed class SecureWebhookFactory : WebhookFactory
{
    protected override bool AllowInsecureTargets => false;
}
