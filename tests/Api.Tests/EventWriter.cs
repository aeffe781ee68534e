using Microsoft.Extensions.DependencyInjection;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;

namespace Runtype.Api.Tests;

/// <summary>
/// Makes events for the read-path tests the way a client does: a new conversation of <c>owner</c> (POST, which
/// records conversation.created) and <c>count - 1</c> messages (each records message.created). The events' ids are
/// then read back from the host's event log, where the grain's writes put them.
/// </summary>
public static class EventWriter
{
    public sealed record Written(string ConversationId, IReadOnlyList<string> EventIds);

    public static async Task<Written> WriteAsync(ApiFactory factory, string owner, int count, int padding = 0)
    {
        ArgumentNullException.ThrowIfNull(factory);
        using var client = factory.ClientFor(owner switch
        {
            "owner-a" => ApiFactory.OwnerAKey,
            "owner-b" => ApiFactory.OwnerBKey,
            _ => throw new ArgumentOutOfRangeException(nameof(owner), owner, "The test hosts have keys for owner-a and owner-b."),
        });
        var id = (await client.CreateConversationAsync()).GetProperty("id").GetString()!;
        var pad = new string('x', padding);
        for (var n = 2; n <= count; n++)
        {
            await client.CreateMessageAsync(id, $$"""{"content":"message {{n}} {{pad}}","role":"user"}""");
        }

        // On PostgreSQL the feed shows an event once every transaction of its database that began before it has
        // ended (docs/events.md); other tests' commits can hold that back for a moment, so read as a client would: until
        // all of them are visible. Once they are, every later read of the feed sees them too.
        var log = factory.Services.GetRequiredService<IEventLog>();
        var ids = new List<string>();
        var after = EventPosition.Start;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (ids.Count < count && DateTime.UtcNow < deadline)
        {
            var page = await log.ReadAsync(owner, new EventQuery(after, 500, id));
            ids.AddRange(page.Items.Select(e => e.Event.Id));
            after = page.Next;
            if (page.Items.Count == 0)
            {
                await Task.Delay(20);
            }
        }

        Assert.Equal(count, ids.Count);
        return new Written(id, ids);
    }
}
