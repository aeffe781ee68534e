namespace Runtype.Grains.Tests;

/// <summary>
/// Grain ids are stored (reminders are keyed by them), so a grain's type name is part of the storage format: moving or
/// renaming the class must not change it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainTypeTests(ClusterFixture fixture)
{
    [Fact]
    public void The_conversation_grain_keeps_the_type_name_its_stored_reminders_are_keyed_by()
    {
        var grain = fixture.Client.GetGrain<IConversationGrain>(GrainKeys.Compose(TestData.NewOwner(), Identifiers.NewConversationId()));

        Assert.Equal("conversation", grain.GetGrainId().Type.ToString());
    }
}
