using System.Net;
using System.Text.Json;

namespace Runtype.Api.Tests.Model;

/// <summary>DELETE …/messages/{id} of the message at a position (found by listing): erases its content, once.</summary>
internal sealed class RedactMessage(int position) : SingleOperation<ConversationUnderTest, ConversationModel>
{
    protected override async Task<string> SendAsync(ConversationUnderTest actual)
    {
        if (await actual.PageAsync(descending: false, limit: 100) is not { } page)
        {
            return "404";
        }

        if (position > page.Messages.Count)
        {
            return "none";
        }

        var id = page.Messages[position - 1].GetProperty("id").GetString();
        using var response = await actual.SendAsync(HttpMethod.Delete, $"{actual.MessagesPath}/{id}");
        return await AnswerAsync(response, m => $"content='{m.GetProperty("content").GetString()}'");
    }

    protected override string Decide(ConversationModel model, string actual)
    {
        if (!model.Exists)
        {
            return "404";
        }

        if (position > model.Messages.Count)
        {
            return "none";
        }

        var message = model.Messages[position - 1];
        if (!message.Redacted)
        {
            model.Messages[position - 1] = message with { Content = "", Redacted = true };
            model.Events.Add("message.redacted");
        }

        return "200 content=''";
    }

    public override string ToString() => $"Redact(#{position})";
}

/// <summary>PUT the conversation's status: every update is a change with its own event, archived refuses new messages.</summary>
internal sealed class SetStatus(string status) : SingleOperation<ConversationUnderTest, ConversationModel>
{
    protected override async Task<string> SendAsync(ConversationUnderTest actual)
    {
        using var response = await actual.SendAsync(HttpMethod.Put, $"{ApiClientExtensions.Conversations}/{actual.ConversationId}", $$"""{"status":"{{status}}"}""");
        return await AnswerAsync(response, c => c.GetProperty("status").GetString()!);
    }

    protected override string Decide(ConversationModel model, string actual)
    {
        if (!model.Exists)
        {
            return "404";
        }

        model.Status = status;
        model.Events.Add("conversation.updated");
        return $"200 {status}";
    }

    public override string ToString() => $"SetStatus({status})";
}

/// <summary>DELETE the conversation.</summary>
internal sealed class DeleteConversation : SingleOperation<ConversationUnderTest, ConversationModel>
{
    protected override async Task<string> SendAsync(ConversationUnderTest actual)
    {
        using var response = await actual.SendAsync(HttpMethod.Delete, $"{ApiClientExtensions.Conversations}/{actual.ConversationId}");
        return await AnswerAsync(response);
    }

    protected override string Decide(ConversationModel model, string actual)
    {
        if (!model.Exists)
        {
            return "404";
        }

        model.Exists = false;
        model.Events.Add("conversation.deleted");
        return "200";
    }

    public override string ToString() => "DeleteConversation";
}

/// <summary>One page of messages (a single request, so it reads one state): contents in page order and the total.</summary>
internal sealed class ReadPage(bool descending, int limit) : SingleOperation<ConversationUnderTest, ConversationModel>
{
    protected override async Task<string> SendAsync(ConversationUnderTest actual) =>
        await actual.PageAsync(descending, limit) is { } page
            ? $"200 {page.TotalCount} [{string.Join(",", page.Messages.Select(m => m.GetProperty("content").GetString()))}]"
            : "404";

    protected override string Decide(ConversationModel model, string actual)
    {
        if (!model.Exists)
        {
            return "404";
        }

        var contents = model.Messages.Select(m => m.Content);
        var page = descending ? contents.Reverse().Take(limit) : contents.Take(limit);
        return $"200 {model.Messages.Count} [{string.Join(",", page)}]";
    }

    public override string ToString() => $"ReadPage({(descending ? "desc" : "asc")}, {limit})";
}

/// <summary>
/// Reads that span several requests, so they are checked for what holds whatever happened in between rather than
/// against the model: a walk through every page (no message twice, none skipped that was there throughout), one
/// message by id (the one listed, or it redacted since), and the event feed (sequences 1..n, a prefix of the final feed).
/// </summary>
internal sealed class ReadAcross(int kind) : ModelOperation<ConversationUnderTest, ConversationModel>
{
    public override async Task RunAsync(ConversationUnderTest actual)
    {
        switch (kind)
        {
            case 0:
                await WalkAsync(actual);
                break;
            case 1:
                await GetOneAsync(actual);
                break;
            case 2:
                actual.EventReads.Enqueue(await actual.EventsAsync());
                break;
            default:
                await actual.DeactivateAsync();
                break;
        }
    }

    public override void Apply(ConversationModel model)
    {
    }

    private static async Task WalkAsync(ConversationUnderTest actual)
    {
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            if (await actual.PageAsync(descending: false, limit: 2, cursor) is not { } page)
            {
                return;
            }

            seen.AddRange(page.Messages.Select(m => m.GetProperty("id").GetString()!));
            cursor = page.Next;
        }
        while (cursor is not null);

        if (seen.Distinct(StringComparer.Ordinal).Count() != seen.Count)
        {
            actual.Violations.Enqueue($"a walk through the pages met a message twice: {string.Join(", ", seen)}");
        }
    }

    private static async Task GetOneAsync(ConversationUnderTest actual)
    {
        if (await actual.PageAsync(descending: true, limit: 1) is not { Messages: [var listed] })
        {
            return;
        }

        var id = listed.GetProperty("id").GetString();
        using var response = await actual.SendAsync(HttpMethod.Get, $"{actual.MessagesPath}/{id}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }

        var message = await ConversationUnderTest.JsonAsync(response);
        var content = message.GetProperty("content").GetString();
        if (message.GetProperty("id").GetString() != id || (content != listed.GetProperty("content").GetString() && content != ""))
        {
            actual.Violations.Enqueue($"GET {id} answered {message} after the listing showed {listed}");
        }
    }

    public override string ToString() => kind switch { 0 => "WalkPages", 1 => "GetLatestById", 2 => "ReadEvents", _ => "Deactivate" };
}

/// <summary>
/// GET /search/messages for every message of the conversation (each content holds one of the words p, i or s): the
/// contents found, as a set, are the model's messages not redacted, none once the conversation is deleted. A search
/// reads the store's index, not the grain: a message is in it from the commit of its write, out of it from the commit
/// of its redaction or delete. The order (newest first) is checked as it is read.
/// </summary>
internal sealed class SearchConversation : SingleOperation<ConversationUnderTest, ConversationModel>
{
    protected override async Task<string> SendAsync(ConversationUnderTest actual) =>
        "200 " + string.Join(",", (await actual.SearchAsync("p OR i OR s")).Order(StringComparer.Ordinal));

    protected override string Decide(ConversationModel model, string actual) =>
        "200 " + string.Join(",", (model.Exists ? model.Messages.Where(m => !m.Redacted).Select(m => m.Content) : []).Order(StringComparer.Ordinal));

    public override string ToString() => "Search";
}
