namespace Runtype.Grains;

/// <summary>
/// The record of one idempotency key of one owner, keyed by <see cref="GrainKeys.Compose"/>(owner, key).
/// A request first claims the key with the fingerprint of its body; on success it completes the claim
/// with the response to replay, and on failure it releases it.
/// </summary>
[Alias("Runtype.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    [Alias("Claim")]
    Task<IdempotencyClaim> Claim(string fingerprint);

    [Alias("Complete")]
    Task Complete(string fingerprint, StoredResponse response);

    [Alias("Release")]
    Task Release(string fingerprint);
}

[GenerateSerializer, Alias("Runtype.IdempotencyClaimOutcome")]
public enum IdempotencyClaimOutcome
{
    /// <summary>The caller holds the key now and must complete or release it.</summary>
    Claimed = 0,

    /// <summary>The key already has a response for this fingerprint: replay it.</summary>
    Replay = 1,

    /// <summary>The key was used with a different request.</summary>
    Mismatch = 2,

    /// <summary>Another request with this key is still running.</summary>
    InFlight = 3,
}

[GenerateSerializer, Immutable, Alias("Runtype.IdempotencyClaim")]
public sealed record IdempotencyClaim([property: Id(0)] IdempotencyClaimOutcome Outcome, [property: Id(1)] StoredResponse? Response = null);

/// <summary>An HTTP response kept for replay.</summary>
[GenerateSerializer, Immutable, Alias("Runtype.StoredResponse")]
public sealed record StoredResponse
{
    [Id(0)] public int StatusCode { get; init; }
    [Id(1)] public string? ContentType { get; init; }
    [Id(2)] public string? Location { get; init; }
    [Id(3)] public string? ETag { get; init; }
    [Id(4)] public byte[] Body { get; init; } = [];
}
