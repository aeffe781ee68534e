using System.Diagnostics;
using System.Text.Json;
using Runtype.Grains.Wire;

namespace Runtype.Grains.Events;

/// <summary>
/// Builds the events of one conversation's writes, with their data rendered now, as the API renders the write's
/// answer (<see cref="ConversationJson"/>, <see cref="MessageJson"/>): the store keeps this text, so every reader
/// gets what the write's response carried. The grain passes them to the store, which records them only if the
/// change is made.
/// </summary>
internal sealed class ConversationEvents(string owner, string conversationId)
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText ConversationIdName = JsonEncodedText.Encode("conversationId");
    private static readonly JsonEncodedText ImportedName = JsonEncodedText.Encode("imported");
    private static readonly JsonEncodedText FirstPositionName = JsonEncodedText.Encode("firstPosition");
    private static readonly JsonEncodedText LastPositionName = JsonEncodedText.Encode("lastPosition");

    public ConversationEvent Created(Conversation conversation, Surface? surface) =>
        New(EventType.ConversationCreated, conversation.CreatedAt, conversation.Version, RenderConversation(conversation, surface));

    /// <summary><paramref name="after"/> at its version, with the values <paramref name="before"/> held for each field that changed.</summary>
    /// <param name="reason">Why the server changed it by itself (<c>inactivity</c>); null when a client asked.</param>
    public ConversationEvent Updated(Conversation after, Surface? surface, ConversationFields before, DateTime at, string? reason = null) =>
        New(EventType.ConversationUpdated, at, after.Version, RenderConversation(after, surface)) with
        {
            PreviousAttributes = WireValues.Render((Before: before, After: after.Fields), static (w, f) => ConversationJson.WriteChanged(w, f.Before, f.After)),
            Reason = reason,
        };

    public ConversationEvent Deleted(DateTime at, long sequence) =>
        New(EventType.ConversationDeleted, at, sequence, WireValues.Render(conversationId, static (w, id) =>
        {
            w.WriteStartObject();
            w.WriteString(Id, id);
            w.WriteEndObject();
        }));

    /// <summary>Its id is the message's (<see cref="Identifiers.CreatedEventId"/>), so a redaction finds it by key.</summary>
    public ConversationEvent MessageCreated(Message message, long sequence) =>
        New(EventType.MessageCreated, message.CreatedAt, sequence, WireValues.Render(message, MessageJson.Write)) with { Id = Identifiers.CreatedEventId(message.Id) };

    /// <summary><paramref name="redacted"/> as it reads after the redaction, which moved the conversation to <paramref name="sequence"/>.</summary>
    public ConversationEvent MessageRedacted(Message redacted, long sequence) =>
        New(EventType.MessageRedacted, redacted.RedactedAt!.Value, sequence, WireValues.Render(redacted, MessageJson.Write));

    /// <summary><paramref name="message"/> as it reads with its new delivery, which moved the conversation to <paramref name="sequence"/>.</summary>
    public ConversationEvent MessageDeliveryUpdated(Message message, DateTime at, long sequence) =>
        New(EventType.MessageDeliveryUpdated, at, sequence, WireValues.Render(message, MessageJson.Write));

    /// <summary>One event for a whole history import: <c>{"conversationId","imported","firstPosition","lastPosition"}</c>.</summary>
    public ConversationEvent Imported(DateTime at, long sequence, IReadOnlyList<Message> messages) =>
        New(EventType.MessagesImported, at, sequence, WireValues.Render((Id: conversationId, Messages: messages), static (w, b) =>
        {
            w.WriteStartObject();
            w.WriteString(ConversationIdName, b.Id);
            w.WriteNumber(ImportedName, b.Messages.Count);
            w.WriteNumber(FirstPositionName, b.Messages[0].Position);
            w.WriteNumber(LastPositionName, b.Messages[^1].Position);
            w.WriteEndObject();
        }));

    private static string RenderConversation(Conversation conversation, Surface? surface) =>
        WireValues.Render((Conversation: conversation, Surface: surface), static (w, c) => ConversationJson.Write(w, c.Conversation, c.Surface));

    private ConversationEvent New(EventType type, DateTime at, long sequence, string data) => new()
    {
        Id = Identifiers.NewEventId(),
        Type = type,
        CreatedAt = at,
        Owner = owner,
        ConversationId = conversationId,
        Sequence = sequence,
        Data = data,
        TraceParent = Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null,
    };
}
