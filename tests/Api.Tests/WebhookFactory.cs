using Microsoft.AspNetCore.Hosting;

namespace Runtype.Api.Tests;

/// <summary>
/// An API host whose webhooks may target loopback (the tests' receivers), retry after a fraction of a second,
/// time out after two, and give up after <see cref="RetryFor"/>, so delivery rules show within a test's time.
/// </summary>
public class WebhookFactory : ApiFactory
{
    protected virtual TimeSpan RetryFor => TimeSpan.FromMinutes(5);

    protected virtual bool AllowInsecureTargets => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Webhooks:AllowInsecureTargets", AllowInsecureTargets ? "true" : "false");
        builder.UseSetting("Webhooks:FirstRetryDelay", "00:00:00.200");
        builder.UseSetting("Webhooks:Timeout", "00:00:02");
        builder.UseSetting("Webhooks:WakeEvery", "00:00:02");
        builder.UseSetting("Webhooks:RetryFor", RetryFor.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>Gives a failing event up after a second and a half.</summary>
public sealed class ShortRetryWebhookFactory : WebhookFactory
{
    protected override TimeSpan RetryFor => TimeSpan.FromSeconds(1.5);
}

/// <summary>Production's address rules: only public https targets.</summary>
public sealed class SecureWebhookFactory : WebhookFactory
{
    protected override bool AllowInsecureTargets => false;
}
