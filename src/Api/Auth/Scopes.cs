namespace Runtype.Api.Auth;

/// <summary>The scopes a key can hold; an endpoint names the one it needs with <see cref="RequiredScopeExtensions.RequireScope"/>.</summary>
public static class Scopes
{
    public const string Read = "conversations:read";
    public const string Write = "conversations:write";
    public const string ClaimType = "scope";

    public static IReadOnlyList<string> All { get; } = [Read, Write];
}
