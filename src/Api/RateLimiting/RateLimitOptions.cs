using Runtype.Hosting;

namespace Runtype.Api.RateLimiting;

/// <summary>Section <c>RateLimit</c>: a token bucket per API key. Off in Development (appsettings.Development.json).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests a key may make per second, sustained.</summary>
    public int PermitsPerSecond { get; set; } = 200;

    /// <summary>Requests a key may make at once after being idle (the bucket's size).</summary>
    public int Burst { get; set; } = 400;
}

public sealed class RateLimitOptionsValidator : OptionsValidator<RateLimitOptions>
{
    public override IEnumerable<string> Failures(RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PermitsPerSecond < 1)
        {
            yield return "RateLimit:PermitsPerSecond must be at least 1; set RateLimit:Enabled=false to turn limiting off.";
        }

        if (options.Burst < 1)
        {
            yield return "RateLimit:Burst must be at least 1 (the requests a key may make at once).";
        }
    }
}
