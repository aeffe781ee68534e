namespace Runtype.Client;

/// <summary>A webhook endpoint, without its secret. <see cref="Types"/> null means every type, including later ones.</summary>
public sealed record Webhook(
    string Id,
    string Url,
    IReadOnlyList<string>? Types,
    string? Description,
    bool Enabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
