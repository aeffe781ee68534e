namespace Runtype.Grains;

/// <summary>
/// Keeps one idempotency key's first response for 24 hours. The claim of a running request lives only in
/// memory with a lease, so a front end that dies mid-request frees the key after the lease instead of never.
/// </summary>
public sealed class IdempotencyGrain(
    [PersistentState("idempotency", GrainStorageNames.Default)] IPersistentState<IdempotencyRecord> state,
    TimeProvider time) : Grain, IIdempotencyGrain
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(1);

    private string? _claimedFingerprint;
    private DateTimeOffset _claimExpires;

    async Task<IdempotencyClaim> IIdempotencyGrain.Claim(string fingerprint)
    {
        var now = time.GetUtcNow();
        if (state.State.Response is { } response)
        {
            if (now - state.State.CompletedAt < Retention)
            {
                return state.State.Fingerprint == fingerprint
                    ? new IdempotencyClaim(IdempotencyClaimOutcome.Replay, response)
                    : new IdempotencyClaim(IdempotencyClaimOutcome.Mismatch);
            }

            await state.ClearStateAsync();
        }

        if (_claimedFingerprint is not null && now < _claimExpires)
        {
            return new IdempotencyClaim(_claimedFingerprint == fingerprint ? IdempotencyClaimOutcome.InFlight : IdempotencyClaimOutcome.Mismatch);
        }

        _claimedFingerprint = fingerprint;
        _claimExpires = now + ClaimLease;
        return new IdempotencyClaim(IdempotencyClaimOutcome.Claimed);
    }

    async Task IIdempotencyGrain.Complete(string fingerprint, StoredResponse response)
    {
        if (_claimedFingerprint != fingerprint)
        {
            return;
        }

        state.State = new IdempotencyRecord { Fingerprint = fingerprint, Response = response, CompletedAt = time.GetUtcNow() };
        await state.WriteStateAsync();
        _claimedFingerprint = null;
    }

    Task IIdempotencyGrain.Release(string fingerprint)
    {
        if (_claimedFingerprint == fingerprint)
        {
            _claimedFingerprint = null;
        }

        return Task.CompletedTask;
    }
}

[GenerateSerializer, Alias("Runtype.IdempotencyRecord")]
public sealed class IdempotencyRecord
{
    [Id(0)] public string? Fingerprint { get; set; }
    [Id(1)] public StoredResponse? Response { get; set; }
    [Id(2)] public DateTimeOffset CompletedAt { get; set; }
}
