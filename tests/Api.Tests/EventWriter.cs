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

        var log = factory.Services.GetRequiredService<IEventLog>();
        var ids = new List<string>();
        var after = EventPosition.Start;
        while (true)
        {
            var page = await log.ReadAsync(owner, new EventQuery(after, 500, id));
            ids.AddRange(page.Items.Select(e => e.Event.Id));
            if (page.Items.Count == 0)
            {
                break;
            }

            after = page.Next;
        }

        Assert.Equal(count, ids.Count);
        return new Written(id, ids);
    }
}
