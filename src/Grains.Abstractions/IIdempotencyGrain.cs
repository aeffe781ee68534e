namespace Runtype.Grains;

/// <summary>
/// The record of one idempotency key of one owner, keyed by <see cref="GrainKeys.Compose"/>(owner, key).
/// A request first claims the key with the fingerprint of its body; on success it completes the claim
/// with the response to replay, and on failure it releases it.
/// </summary>
[Alias("Runtype.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>
    /// Claims the key for the request with <paramref name="fingerprint"/>, durably: the claim survives the loss of
    /// this activation. <see cref="IdempotencyClaimOutcome.Claimed"/> carries the id reserved for what the request
    /// creates, the same for every attempt of the same request.
    /// </summary>
    [Alias("Claim")]
    Task<IdempotencyClaim> Claim(string fingerprint);

    /// <summary>Records the response to replay for 24 hours; ignored unless this fingerprint holds the claim.</summary>
    [Alias("Complete")]
    Task Complete(string fingerprint, StoredResponse response);

    /// <summary>Frees the key after a failure (a 5xx), keeping the reserved id for the request's retry.</summary>
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
public sealed record IdempotencyClaim(
    [property: Id(0)] IdempotencyClaimOutcome Outcome,
    [property: Id(1)] StoredResponse? Response = null,
    [property: Id(2)] string? ReservedId = null);

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
