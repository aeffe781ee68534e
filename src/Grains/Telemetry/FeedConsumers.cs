namespace Runtype.Grains.Telemetry;

/// <summary>The values of <see cref="RuntypeMetrics.FeedLag"/>'s <c>consumer</c> tag.</summary>
public static class FeedConsumers
{
    public const string Stream = "stream";
    public const string Webhook = "webhook";
}
