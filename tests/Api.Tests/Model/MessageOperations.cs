using System.Net;
using System.Text.Json;

namespace Runtype.Api.Tests.Model;

/// <summary>A write to the conversation under an optional Idempotency-Key, sent once, retried or raced.</summary>
internal abstract class ConversationKeyedOperation(string? key, Repeat repeat) : KeyedOperation<ConversationUnderTest, ConversationModel>(key, repeat)
{
    /// <summary>
    /// A message answer is replayed as the message is then (a redaction shows), so it is kept by position; once the
    /// conversation is deleted there is no message left to answer with, and the replay is a 404.
    /// </summary>
    protected static KeyedAnswer WithMessage(ConversationModel model, string status, int position) =>
        new($"{status} {model.ContentAt(position)}", () => model.Exists ? $"{status} {model.ContentAt(position)}" : "404");

    /// <summary>
    /// A message replay renders the message as it is when the retry arrives: a redaction or a delete that landed
    /// after the first answer shows (content erased, or a 404), which the model, applying both attempts at one
    /// place, can only take on trust, checked at the end: the message must end up redacted, or the conversation
    /// deleted.
    /// </summary>
    /// <summary>A message with its content erased (<c>"200 "</c>), or a 404: a redaction or a delete had landed.</summary>
    protected override bool ShowsLaterWrite(string answer) => answer == "404" || answer.EndsWith(' ');

    protected override bool ReplayedLater(ConversationModel model, string replay, string actual)
    {
        ArgumentNullException.ThrowIfNull(model);
        var status = replay.Split(' ')[0];
        if (actual != "404" && actual != $"{status} ")
        {
            return false;
        }

        var message = model.Messages.FindLastIndex(m => replay == $"{status} {m.Content}") + 1;
        model.Claims.Add(($"{this} replayed '{actual}' after a later redaction or delete",
            () => !model.Exists || (actual != "404" && message > 0 && model.Messages[message - 1].Redacted)));
        return true;
    }
}

/// <summary>POST …/messages: appends, answers 200 with the stored message for a known externalMessageId, reopens a closed conversation.</summary>
internal sealed class PostMessage(int tag, string? externalId, string? key, Repeat repeat) : ConversationKeyedOperation(key, repeat)
{
    private string Content => $"p {tag}";

    protected override async Task<string> SendAsync(ConversationUnderTest actual)
    {
        var body = JsonSerializer.Serialize(new { content = Content, role = "user", externalMessageId = externalId });
        using var response = await actual.SendAsync(HttpMethod.Post, actual.MessagesPath, body, Key);
        return await AnswerAsync(response, m => m.GetProperty("content").GetString()!);
    }

    protected override KeyedAnswer Decide(ConversationModel model, string actual)
    {
        if (!model.Exists)
        {
            return "404";
        }

        if (model.Status == "archived")
        {
            return "409";
        }

        if (externalId is not null && model.WithExternalId(externalId) is { } stored)
        {
            return WithMessage(model, "200", model.Messages.IndexOf(stored) + 1);
        }

        model.Messages.Add(new ModelMessage(Content, externalId, Redacted: false));
        model.HasLiveMessage = true;
        model.Events.Add("message.created");
        if (model.Status == "closed")
        {
            model.Status = "open";
            model.Events.Add("conversation.updated");
        }

        return WithMessage(model, "201", model.Messages.Count);
    }

    public override string ToString() => $"Post({Content}{(externalId is null ? "" : " ext=" + externalId)}{Suffix})";
}

/// <summary>POST …/messages/import: all or nothing, skips known external ids, refuses messages dated before the last one.</summary>
internal sealed class ImportMessages(int tag, IReadOnlyList<string?> externalIds, string? key, Repeat repeat) : ConversationKeyedOperation(key, repeat)
{
    private string Content(int k) => $"i {tag} {k}";

    protected override async Task<string> SendAsync(ConversationUnderTest actual)
    {
        var messages = externalIds.Select((externalId, k) => new { content = Content(k), role = "user", externalMessageId = externalId, createdAt = actual.ImportedAt });
        using var response = await actual.SendAsync(HttpMethod.Post, $"{actual.MessagesPath}/import", JsonSerializer.Serialize(new { messages }), Key);
        return await AnswerAsync(response, body =>
            $"{body.GetProperty("imported").GetInt32()} [{string.Join(",", body.GetProperty("skipped").EnumerateArray().Select(s => s.GetString()))}] {body.GetProperty("messageCount").GetInt64()}");
    }

    protected override KeyedAnswer Decide(ConversationModel model, string actual)
    {
        if (!model.Exists)
        {
            return "404";
        }

        if (model.Status == "archived")
        {
            return "409";
        }

        var (pending, skipped, seen) = (new List<ModelMessage>(), new List<string>(), new HashSet<string>(StringComparer.Ordinal));
        for (var k = 0; k < externalIds.Count; k++)
        {
            if (externalIds[k] is { } externalId && (!seen.Add(externalId) || model.WithExternalId(externalId) is not null))
            {
                skipped.Add(externalId);
            }
            else
            {
                pending.Add(new ModelMessage(Content(k), externalIds[k], Redacted: false));
            }
        }

        if (pending.Count > 0 && model.HasLiveMessage)
        {
            // Dated before the live message: refused, naming the new messages' createdAt.
            return "400";
        }

        model.Messages.AddRange(pending);
        if (pending.Count > 0)
        {
            model.Events.Add("messages.imported");
        }

        return $"200 {pending.Count} [{string.Join(",", skipped)}] {model.Messages.Count}";
    }

    public override string ToString() => $"Import(i{tag} [{string.Join(",", externalIds.Select(e => e ?? "-"))}]{Suffix})";
}
