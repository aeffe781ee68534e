using Orleans.Core.Internal;

namespace Runtype.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class IdempotencyGrainTests(ClusterFixture fixture)
{
    private static readonly StoredResponse Response = new() { StatusCode = 201, ContentType = "application/json", Body = [1, 2, 3] };

    [Fact]
    public async Task A_completed_key_replays_for_the_same_request_and_refuses_another()
    {
        var grain = fixture.Client.GetGrain<IIdempotencyGrain>(GrainKeys.Compose(TestData.NewOwner(), "key"));

        Assert.Equal(IdempotencyClaimOutcome.Claimed, (await grain.Claim("a")).Outcome);
        Assert.Equal(IdempotencyClaimOutcome.InFlight, (await grain.Claim("a")).Outcome);
        Assert.Equal(IdempotencyClaimOutcome.Mismatch, (await grain.Claim("b")).Outcome);
        await grain.Complete("a", Response);

        var replay = await grain.Claim("a");
        Assert.Equal(IdempotencyClaimOutcome.Replay, replay.Outcome);
        Assert.Equal(Response.Body, replay.Response!.Body);
        Assert.Equal(201, replay.Response.StatusCode);
        Assert.Equal(IdempotencyClaimOutcome.Mismatch, (await grain.Claim("b")).Outcome);
    }

    [Fact]
    public async Task A_released_key_can_be_claimed_again()
    {
        var grain = fixture.Client.GetGrain<IIdempotencyGrain>(GrainKeys.Compose(TestData.NewOwner(), "key"));
        await grain.Claim("a");

        await grain.Release("a");

        Assert.Equal(IdempotencyClaimOutcome.Claimed, (await grain.Claim("a")).Outcome);
    }

    [Fact]
    public async Task A_claim_survives_the_loss_of_its_activation_so_a_concurrent_retry_cannot_run_too()
    {
        var key = GrainKeys.Compose(TestData.NewOwner(), "key");
        var first = await fixture.SiloGrainFactory(0).GetGrain<IIdempotencyGrain>(key).Claim("a");

        // The activation holding the claim goes away (as when its silo dies); the next call activates it anew,
        // from either silo, and must still see the request running.
        await fixture.Client.GetGrain<IIdempotencyGrain>(key).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var again = await fixture.SiloGrainFactory(1).GetGrain<IIdempotencyGrain>(key).Claim("a");

        Assert.Equal(IdempotencyClaimOutcome.Claimed, first.Outcome);
        Assert.Equal(IdempotencyClaimOutcome.InFlight, again.Outcome);
    }

    [Fact]
    public async Task Every_attempt_of_one_request_gets_the_same_reserved_id_and_another_request_its_own()
    {
        var grain = fixture.Client.GetGrain<IIdempotencyGrain>(GrainKeys.Compose(TestData.NewOwner(), "key"));
        var first = await grain.Claim("a");
        await grain.Release("a");
        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        var retry = await grain.Claim("a");
        await grain.Release("a");
        var other = await grain.Claim("b");

        Assert.NotNull(first.ReservedId);
        Assert.Equal(first.ReservedId, retry.ReservedId);
        Assert.NotEqual(first.ReservedId, other.ReservedId);
    }
}
