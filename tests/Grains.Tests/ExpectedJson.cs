using System.Text.Json.Nodes;
using Runtype.Grains.Wire;

namespace Runtype.Grains.Tests;

/// <summary>
/// What the API answers for a conversation or a message, built field by field from the contract's list of fields
/// (not with the writers under test), to compare event data with.
/// </summary>
internal static class ExpectedJson
{
    public static JsonNode Conversation(Conversation c, Surface? surface)
    {
        var f = c.Fields;
        return new JsonObject
        {
            ["id"] = c.Id,
            ["surfaceId"] = f.SurfaceId,
            ["status"] = EnumNames.Name(f.Status),
            ["subject"] = f.Subject,
            ["participantName"] = f.ParticipantName,
            ["participantEmail"] = f.ParticipantEmail,
            ["externalParticipantId"] = f.ExternalParticipantId,
            ["externalThreadId"] = f.ExternalThreadId,
            ["timezone"] = f.Timezone,
            ["messageCount"] = c.MessageCount,
            ["lastMessageAt"] = Timestamps.Format(c.LastMessageAt),
            ["createdAt"] = Timestamps.Format(c.CreatedAt),
            ["updatedAt"] = Timestamps.Format(c.UpdatedAt),
            ["context"] = JsonNode.Parse(f.Context),
            ["participantMetadata"] = JsonNode.Parse(f.ParticipantMetadata),
            ["autoCloseAfter"] = Durations.Format(f.AutoCloseAfter),
            ["autoArchiveAfter"] = Durations.Format(f.AutoArchiveAfter),
            ["surface"] = surface is null ? null : new JsonObject { ["id"] = surface.Id, ["name"] = surface.Name, ["type"] = surface.Type },
        };
    }

    public static JsonNode Message(Message m) => new JsonObject
    {
        ["id"] = m.Id,
        ["conversationId"] = m.ConversationId,
        ["role"] = EnumNames.Name(m.Role),
        ["direction"] = EnumNames.Name(m.Direction),
        ["content"] = m.Content,
        ["externalMessageId"] = m.ExternalMessageId,
        ["flowStepResultId"] = m.FlowStepResultId,
        ["metadata"] = JsonNode.Parse(m.Metadata),
        ["createdAt"] = Timestamps.Format(m.CreatedAt),
        ["redactedAt"] = Timestamps.Format(m.RedactedAt),
        ["delivery"] = m.Delivery is not { } d ? null : new JsonObject
        {
            ["status"] = EnumNames.Name(d.Status),
            ["attempts"] = d.Attempts,
            ["lastError"] = d.LastError,
            ["sentAt"] = Timestamps.Format(d.SentAt),
        },
    };

    public static void Equal(JsonNode? expected, string? actual)
    {
        Assert.NotNull(actual);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(actual)), $"Expected {expected?.ToJsonString()}, got {actual}");
    }
}
