namespace Runtype.Grains;

/// <summary>
/// The record of one idempotency key of one owner, keyed by <see cref="GrainKeys.Compose"/>(owner, key).
/// A request first claims the key with the fingerprint of its body; on success it completes the claim
/// with the response to replay, and on failure it releases it.
/// </summary>
/// <remarks>
/// Not reentrant: calls on one key apply one at a time. Across activations (two for one key while a silo fails
/// over) the stored record decides: of two claims that both find the key free, only the one written first holds it.
/// </remarks>
[Alias("Runtype.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>
    /// Claims the key for the request with <paramref name="fingerprint"/>, durably: the claim survives the loss of
    /// this activation. <see cref="IdempotencyClaimOutcome.Claimed"/> carries the id reserved for what the request
    /// creates, the same for every attempt of the same request.
    /// </summary>
    /// <param name="fingerprint">What identifies the request: the same request always has the same fingerprint.</param>
    /// <returns>
    /// <see cref="IdempotencyClaimOutcome.Claimed"/> with the reserved id; <see cref="IdempotencyClaimOutcome.Replay"/>
    /// with the stored response; <see cref="IdempotencyClaimOutcome.Mismatch"/> when the key belongs to another request;
    /// or <see cref="IdempotencyClaimOutcome.InFlight"/> while a claim on the key is held (its lease frees the key if
    /// the request's front end dies), or when another activation wrote its claim first.
    /// </returns>
    [Alias("Claim")]
    Task<IdempotencyClaim> Claim(string fingerprint);

    /// <summary>Records the response to replay for 24 hours; ignored unless this fingerprint holds the claim.</summary>
    /// <param name="fingerprint">The fingerprint the key was claimed with.</param>
    /// <param name="response">The response the request answered, to be replayed to its retries.</param>
    /// <returns>
    /// A task that completes once the response is stored; at once when the call is ignored or another activation
    /// wrote to the key first. It fails when storage is away, and the claim's lease then frees the key.
    /// </returns>
    [Alias("Complete")]
    Task Complete(string fingerprint, StoredResponse response);

    /// <summary>Frees the key after a failure (a 5xx), keeping the reserved id for the request's retry.</summary>
    /// <param name="fingerprint">The fingerprint the key was claimed with; any other is ignored.</param>
    /// <returns>
    /// A task that completes once the key is free. It does not fail when storage is away: this activation frees the
    /// key anyway, and elsewhere the stored claim's lease does.
    /// </returns>
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

    /// <summary>
    /// Set for an answer that was one message (create message): <see cref="Body"/> is then empty and the replay renders
    /// the message as it is now, so a redacted message's content is neither kept here nor replayed.
    /// </summary>
    [Id(5)] public MessageReference? Message { get; init; }
}

/// <summary>Where a message lives: its conversation and its id.</summary>
[GenerateSerializer, Immutable, Alias("Runtype.MessageReference")]
public sealed record MessageReference([property: Id(0)] string ConversationId, [property: Id(1)] string MessageId);
