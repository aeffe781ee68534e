using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;

namespace Runtype.Api.Tests;

/// <summary>
/// Makes events for the read-path tests: a new conversation of <c>owner</c> with <c>count</c> events
/// (conversation.created, then message.created). Until the conversation grain records events, they are written
/// through the host's store in one transaction, as the grain will; switch this one helper to POSTs afterwards.
/// </summary>
public static class EventWriter
{
    public sealed record Written(string ConversationId, IReadOnlyList<string> EventIds);

    public static async Task<Written> WriteAsync(WebApplicationFactory<Program> factory, string owner, int count, int padding = 0)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var store = factory.Services.GetRequiredService<IConversationStore>();
        var id = Identifiers.NewConversationId();
        var now = DateTime.UtcNow;
        var pad = new string('x', padding);
        var events = Enumerable.Range(1, count).Select(sequence => new ConversationEvent
        {
            Id = "evt_" + Guid.NewGuid().ToString("N"),
            Type = sequence == 1 ? EventType.ConversationCreated : EventType.MessageCreated,
            CreatedAt = now,
            Owner = owner,
            ConversationId = id,
            Sequence = sequence,
            Data = $$"""{"id":"{{id}}","n":{{sequence}},"pad":"{{pad}}"}""",
        }).ToList();
        var conversation = new Conversation
        {
            Id = id, Owner = owner, Fields = new ConversationFields { SurfaceId = "email" }, CreatedAt = now, UpdatedAt = now, Version = count,
        };
        Assert.Equal(StoreOutcome.Done, (await store.InsertAsync(conversation, events)).Outcome);
        return new Written(id, [.. events.Select(e => e.Id)]);
    }
}
