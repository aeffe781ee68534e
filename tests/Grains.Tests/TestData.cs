namespace Runtype.Grains.Tests;

internal static class TestData
{
    /// <summary>A fresh owner per test keeps tests independent on the shared cluster.</summary>
    public static string NewOwner() => "owner-" + Guid.NewGuid().ToString("N");

    public static ConversationFields Fields(string surfaceId = "email", string? thread = null, ConversationStatus status = ConversationStatus.Open) =>
        new() { SurfaceId = surfaceId, ExternalThreadId = thread, Status = status };

    public static NewMessage Message(string content = "hello", MessageRole role = MessageRole.User, string? externalId = null, MessageDirection? direction = null) =>
        new() { Content = content, Role = role, ExternalMessageId = externalId, Direction = direction };

    public static async Task<(IConversationGrain Grain, string Owner, string Id)> NewConversationAsync(IGrainFactory grains, ConversationFields? fields = null)
    {
        var owner = NewOwner();
        var id = Identifiers.NewConversationId();
        var grain = grains.GetGrain<IConversationGrain>(GrainKeys.Compose(owner, id));
        var result = await grain.Create(fields ?? Fields());
        Assert.Equal(ConversationOutcome.Created, result.Outcome);
        return (grain, owner, id);
    }
}
