namespace Runtype.Client;

/// <summary>The body of create webhook.</summary>
public sealed record CreateWebhookRequest
{
    /// <summary>https to a public address (unless the API allows insecure targets).</summary>
    public required Uri Url { get; init; }

    /// <summary>Event types to receive; null for every type, including types added later.</summary>
    public IReadOnlyList<string>? Types { get; init; }

    public string? Description { get; init; }
}
