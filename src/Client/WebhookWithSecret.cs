namespace Runtype.Client;

/// <summary>The answer to create and rotate-secret: the endpoint and its signing secret, shown only in this answer.</summary>
public sealed record WebhookWithSecret(
    string Id,
    string Url,
    IReadOnlyList<string>? Types,
    string? Description,
    bool Enabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Secret);
