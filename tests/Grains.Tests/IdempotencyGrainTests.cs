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
}
