namespace Runtype.Api.Auth;

/// <summary>Section <c>Auth</c>: the API keys this server accepts.</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Auth";

    public List<ApiKeyEntry> ApiKeys { get; init; } = [];
}

/// <summary>One key: either the key itself or <see cref="KeyHash"/>, its lowercase hex SHA-256.</summary>
public sealed class ApiKeyEntry
{
    public string? Key { get; set; }

    public string? KeyHash { get; set; }

    public string Owner { get; set; } = "";

    /// <summary>Empty means every scope.</summary>
    public List<string> Scopes { get; init; } = [];
}
