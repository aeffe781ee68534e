using System.Net;

namespace Runtype.Api.Tests;

/// <summary>Another owner's data does not exist for you: 404, never 403, and never in a listing.</summary>
[Collection(ApiCollection.Name)]
public sealed class OwnerIsolationTests(ApiFactory factory)
{
    private const string Conversations = ApiClientExtensions.Conversations;

    [Fact]
    public async Task Another_owners_conversation_is_a_404_on_every_conversation_endpoint()
    {
        using var ownerA = factory.ClientFor(ApiFactory.OwnerAKey);
        using var ownerB = factory.ClientFor(ApiFactory.OwnerBKey);
        var conversation = await ownerA.CreateConversationAsync("""{"surfaceId":"email","subject":"private"}""");
        await ownerA.CreateMessageAsync(conversation.Id(), """{"content":"secret","role":"user"}""");
        var path = $"{Conversations}/{conversation.Id()}";

        using (var get = await ownerB.GetAsync(path))
        {
            await get.ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        using (var put = await ownerB.PutJsonAsync(path, """{"subject":"hijacked"}"""))
        {
            await put.ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        using (var messages = await ownerB.GetAsync($"{path}/messages"))
        {
            await messages.ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        using (var post = await ownerB.PostJsonAsync($"{path}/messages", """{"content":"intrusion","role":"user"}"""))
        {
            await post.ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        using (var delete = await ownerB.DeleteAsync(path))
        {
            await delete.ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        // Nothing owner B tried changed owner A's conversation.
        var after = await ownerA.ReadJsonAsync(path);
        Assert.Equal("private", after.GetProperty("subject").GetString());
        Assert.Equal(1, after.GetProperty("messageCount").GetInt64());
        var list = await ownerA.ReadJsonAsync($"{path}/messages");
        Assert.Equal(["secret"], list.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task Another_owners_404_is_identical_to_a_missing_conversations_404()
    {
        using var ownerA = factory.ClientFor(ApiFactory.OwnerAKey);
        using var ownerB = factory.ClientFor(ApiFactory.OwnerBKey);
        var conversation = await ownerA.CreateConversationAsync();

        using var theirs = await ownerB.GetAsync($"{Conversations}/{conversation.Id()}");
        using var missing = await ownerB.GetAsync($"{Conversations}/conv_01JAAAAAAAAAAAAAAAAAAAAAAA");
        var a = await theirs.ExpectProblemAsync(HttpStatusCode.NotFound);
        var b = await missing.ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(b.GetProperty("title").GetString(), a.GetProperty("title").GetString());
        Assert.Equal(b.GetProperty("detail").GetString(), a.GetProperty("detail").GetString());
        Assert.Equal(b.GetProperty("type").GetString(), a.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Listings_show_only_the_callers_conversations()
    {
        var surface = $"iso-{Guid.NewGuid():N}";
        using var ownerA = factory.ClientFor(ApiFactory.OwnerAKey);
        using var ownerB = factory.ClientFor(ApiFactory.OwnerBKey);
        var a = await ownerA.CreateConversationAsync($$"""{"surfaceId":"{{surface}}"}""");
        var b = await ownerB.CreateConversationAsync($$"""{"surfaceId":"{{surface}}"}""");

        var listA = await ownerA.ReadJsonAsync($"{Conversations}?surfaceId={surface}");
        var listB = await ownerB.ReadJsonAsync($"{Conversations}?surfaceId={surface}");

        Assert.Equal([a.Id()], listA.GetProperty("data").EnumerateArray().Select(c => c.Id()));
        Assert.Equal([b.Id()], listB.GetProperty("data").EnumerateArray().Select(c => c.Id()));
        Assert.Equal(1, listA.GetProperty("pagination").GetProperty("totalCount").GetInt64());
        Assert.Equal(1, listB.GetProperty("pagination").GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task Two_owners_may_use_the_same_external_thread_on_the_same_surface()
    {
        var thread = $"thread-{Guid.NewGuid():N}";
        using var ownerA = factory.ClientFor(ApiFactory.OwnerAKey);
        using var ownerB = factory.ClientFor(ApiFactory.OwnerBKey);

        var a = await ownerA.CreateConversationAsync($$"""{"surfaceId":"email","externalThreadId":"{{thread}}"}""");
        var b = await ownerB.CreateConversationAsync($$"""{"surfaceId":"email","externalThreadId":"{{thread}}"}""");

        Assert.NotEqual(a.Id(), b.Id());
    }

    [Fact]
    public async Task Surfaces_belong_to_the_owner_that_registered_them()
    {
        var id = $"surface-{Guid.NewGuid():N}";
        using var ownerA = factory.ClientFor(ApiFactory.OwnerAKey);
        using var ownerB = factory.ClientFor(ApiFactory.OwnerBKey);
        await ownerA.PutSurfaceAsync(id, "A's inbox", "email");

        using (var get = await ownerB.GetAsync($"/v1/messaging/surfaces/{id}"))
        {
            await get.ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        // Owner B's conversation on that surface id sees no registered surface; owner A's does.
        var mine = await ownerA.CreateConversationAsync($$"""{"surfaceId":"{{id}}"}""");
        var theirs = await ownerB.CreateConversationAsync($$"""{"surfaceId":"{{id}}"}""");
        Assert.Equal("A's inbox", mine.GetProperty("surface").GetProperty("name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, theirs.GetProperty("surface").ValueKind);

        // Owner B registering the same id makes a surface of its own, leaving owner A's alone.
        await ownerB.PutSurfaceAsync(id, "B's inbox", "sms");

        var surfaceA = await ownerA.ReadJsonAsync($"/v1/messaging/surfaces/{id}");
        Assert.Equal("A's inbox", surfaceA.GetProperty("name").GetString());
        Assert.Equal("email", surfaceA.GetProperty("type").GetString());
    }
}
