namespace Runtype.Api.Auth;

/// <summary>The scopes a key can hold; each is also the name of the authorization policy that requires it.</summary>
public static class Scopes
{
    public const string Read = "conversations:read";
    public const string Write = "conversations:write";
    public const string ClaimType = "scope";

    public static IReadOnlyList<string> All { get; } = [Read, Write];
}
