namespace Runtype.Client;

/// <summary>Where the API is and how to authenticate: bound by <c>services.AddRuntypeClient(o => ...)</c>.</summary>
public sealed class RuntypeClientOptions
{
    /// <summary>The API's base address, for example <c>https://runtype.example.com/</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The API key, sent as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one attempt of a request may take before it is retried (writes keep their Idempotency-Key).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a transient failure is retried.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>
    /// The first retry's delay when the answer names none (no <c>Retry-After</c>); later retries back off
    /// exponentially from it, with jitter.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
