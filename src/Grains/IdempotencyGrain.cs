using Orleans.Storage;

namespace Runtype.Grains;

/// <summary>
/// Keeps one idempotency key's first response for 24 hours, and the claim of the request running under it.
/// The claim is written to grain storage before the request runs, so it survives the activation (a second
/// activation on another silo, or a restarted one, reads it and answers "in flight"); its lease frees the key if
/// the front end dies mid-request. Storage's ETag makes the write the arbiter: of two activations that both
/// think the key is free, only one can write its claim.
/// Each claim also reserves the id of what the request creates, kept with the key: a retry after an unknown
/// outcome creates under the same id, so the store finds the first attempt's row instead of adding a second.
/// </summary>
public sealed class IdempotencyGrain(
    [PersistentState(IdempotencyGrain.StateName, GrainStorageNames.Default)] IPersistentState<IdempotencyRecord> state,
    TimeProvider time) : Grain, IIdempotencyGrain
{
    /// <summary>The name its records are stored under; expired ones are deleted by it (IExpiringGrainState).</summary>
    public const string StateName = "idempotency";

    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>How long a claim holds the key if its request's front end dies before answering.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(1);

    async Task<IdempotencyClaim> IIdempotencyGrain.Claim(string fingerprint)
    {
        var now = time.GetUtcNow();
        var record = state.State;
        if (record.Response is { } response)
        {
            if (now - record.CompletedAt < Retention)
            {
                return record.Fingerprint == fingerprint
                    ? new IdempotencyClaim(IdempotencyClaimOutcome.Replay, response)
                    : new IdempotencyClaim(IdempotencyClaimOutcome.Mismatch);
            }

            record = new IdempotencyRecord();
        }

        if (record.Fingerprint is not null && now < record.ClaimExpires)
        {
            return new IdempotencyClaim(record.Fingerprint == fingerprint ? IdempotencyClaimOutcome.InFlight : IdempotencyClaimOutcome.Mismatch);
        }

        // The same request again keeps the id it reserved (its first attempt may have created it); another
        // request under a freed key gets one of its own.
        var reservedId = record.Fingerprint == fingerprint && record.ReservedId is { } kept ? kept : Identifiers.ReserveUlids();
        var claimed = new IdempotencyRecord { Fingerprint = fingerprint, ReservedId = reservedId, ClaimExpires = now + ClaimLease };
        if (!await TryWriteAsync(claimed))
        {
            return new IdempotencyClaim(IdempotencyClaimOutcome.InFlight);
        }

        return new IdempotencyClaim(IdempotencyClaimOutcome.Claimed, ReservedId: reservedId);
    }

    async Task IIdempotencyGrain.Complete(string fingerprint, StoredResponse response)
    {
        if (!Holds(fingerprint))
        {
            return;
        }

        await TryWriteAsync(new IdempotencyRecord { Fingerprint = fingerprint, Response = response, CompletedAt = time.GetUtcNow() });
    }

    async Task IIdempotencyGrain.Release(string fingerprint)
    {
        if (Holds(fingerprint))
        {
            // The reservation stays with the key: a retry of the same request must create under the same id.
            // Releases come after failures, often while storage is away: this activation frees the key even if the
            // write fails (elsewhere the stored claim's lease frees it), so the client's retry is not held off.
            await TryWriteAsync(new IdempotencyRecord { Fingerprint = fingerprint, ReservedId = state.State.ReservedId }, keepIfStorageFails: true);
        }
    }

    // A claim whose lease ran out still belongs to its request until another claims the key: a slow request's
    // response is kept, as before claims were stored.
    private bool Holds(string fingerprint) =>
        state.State is { Response: null } record && record.Fingerprint == fingerprint;

    /// <summary>Writes the record; false when another activation wrote first (this one then steps aside).</summary>
    private async Task<bool> TryWriteAsync(IdempotencyRecord record, bool keepIfStorageFails = false)
    {
        var previous = state.State;
        state.State = record;
        try
        {
            await state.WriteStateAsync();
            return true;
        }
        catch (InconsistentStateException)
        {
            state.State = previous;
            DeactivateOnIdle();
            return false;
        }
        catch when (keepIfStorageFails)
        {
            return false;
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }
}

[GenerateSerializer, Alias("Runtype.IdempotencyRecord")]
public sealed class IdempotencyRecord
{
    [Id(0)] public string? Fingerprint { get; set; }
    [Id(1)] public StoredResponse? Response { get; set; }
    [Id(2)] public DateTimeOffset CompletedAt { get; set; }
    [Id(3)] public string? ReservedId { get; set; }
    [Id(4)] public DateTimeOffset ClaimExpires { get; set; }
}
