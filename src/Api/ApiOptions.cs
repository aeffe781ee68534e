namespace Runtype.Api;

/// <summary>Section <c>Api</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";
    public const string CoHosted = "cohosted";
    public const string Client = "client";

    /// <summary><c>cohosted</c>: this process is also a silo. <c>client</c>: it calls an external cluster's gateways.</summary>
    public string Mode { get; set; } = CoHosted;

    /// <summary>Base64 key (32 bytes or more) that signs pagination cursors; every API node of a deployment needs the same one.</summary>
    public string? CursorKey { get; set; }
}
