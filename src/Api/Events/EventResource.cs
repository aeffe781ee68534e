using System.ComponentModel;
using Runtype.Api.Shared;
using Runtype.Grains.Wire;

namespace Runtype.Api.Events;

/// <summary>Documents one event as the feed and the stream send it; <see cref="EventJson"/> writes it.</summary>
public sealed record EventResource(
    [property: Description("evt_ followed by a ULID; a consumer dedupes by it")] string Id,
    [property: Description("conversation.created, conversation.updated, conversation.deleted, message.created, message.redacted, messages.imported or message.delivery_updated; ignore types you do not know")] string Type,
    string CreatedAt,
    string ConversationId,
    [property: Description("the conversation's version after the change: 1 for conversation.created, then one more per event")] long Sequence,
    [property: Description("the Conversation, the Message, or { id } for conversation.deleted, exactly as the API answered the change")] RawJson Data,
    [property: Description("conversation.updated: the previous value of each changed field; otherwise null")] RawJson? PreviousAttributes,
    [property: Description("present only on a change the server made by itself: inactivity (an inactivity timer closed or archived the conversation)")] string? Reason);
