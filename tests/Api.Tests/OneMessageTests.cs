using System.Net;

namespace Runtype.Api.Tests;

/// <summary>A created message says where it lives (Location), and that address serves it to its owner only.</summary>
[Collection(ApiCollection.Name)]
public sealed class OneMessageTests(ApiFactory factory)
{
    private const string Conversations = ApiClientExtensions.Conversations;

    [Fact]
    public async Task A_created_message_carries_a_Location_that_serves_it()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        using var created = await client.PostJsonAsync($"{Conversations}/{conversation.Id()}/messages", """{"content":"where am I","role":"user"}""");
        var message = await created.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal($"{Conversations}/{conversation.Id()}/messages/{message.Id()}", created.Headers.Location?.OriginalString);
        using var read = await client.GetAsync(created.Headers.Location);
        var served = await read.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(message.GetRawText(), served.GetRawText());
    }

    [Fact]
    public async Task Another_conversations_or_owners_message_and_an_impossible_id_are_404()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var other = await client.CreateConversationAsync();
        var message = await client.CreateMessageAsync(conversation.Id());
        using var stranger = factory.ClientFor(ApiFactory.OwnerBKey);

        using var wrongConversation = await client.GetAsync($"{Conversations}/{other.Id()}/messages/{message.Id()}");
        using var wrongOwner = await stranger.GetAsync($"{Conversations}/{conversation.Id()}/messages/{message.Id()}");
        using var impossible = await client.GetAsync($"{Conversations}/{conversation.Id()}/messages/msg_nope");

        await wrongConversation.ExpectProblemAsync(HttpStatusCode.NotFound);
        await wrongOwner.ExpectProblemAsync(HttpStatusCode.NotFound);
        await impossible.ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
