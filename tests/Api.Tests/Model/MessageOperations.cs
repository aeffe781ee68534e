using System.Net;
using System.Text.Json;

namespace Runtype.Api.Tests.Model;

/// <summary>
/// One operation of the model test: run once against the real API (from any thread, recording what it answered),
/// then applied to the model in each order the test tries, comparing the recorded answers with the model's.
/// </summary>
internal abstract class ModelOperation
{
    /// <summary>Runs the operation on the real conversation (blocking: the test's threads are its own).</summary>
    public void Run(ConversationUnderTest actual)
    {
        actual.ReadyAsync().GetAwaiter().GetResult();
        RunAsync(actual).GetAwaiter().GetResult();
    }

    public abstract Task RunAsync(ConversationUnderTest actual);

    public abstract void Apply(ConversationModel model);

    /// <summary>What an answer says that the model can predict: the status, and what the body says of the message.</summary>
    protected static async Task<string> AnswerAsync(HttpResponseMessage response, Func<JsonElement, string>? describe = null)
    {
        // A 409 with Retry-After is the Idempotency-Key's "still in flight": the request did nothing.
        if (response.StatusCode == HttpStatusCode.Conflict && response.Headers.RetryAfter is not null)
        {
            return InFlight;
        }

        var code = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return response.IsSuccessStatusCode && describe is not null
            ? $"{code} {describe(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement)}"
            : code;
    }

    public const string InFlight = "in flight";
}

/// <summary>How often a request is sent: once, retried after its answer, or twice at once (with the same key).</summary>
internal enum Repeat
{
    Once,
    Retry,
    Race,
}

/// <summary>
/// An operation that may carry an Idempotency-Key and be sent more than once: each attempt the model counts (those not
/// refused as in flight) is one more application, and the first under a key is what the key replays.
/// </summary>
internal abstract class KeyedOperation(string? key, Repeat repeat) : ModelOperation
{
    private readonly List<string> _answers = [];

    protected string? Key { get; } = key;

    public sealed override async Task RunAsync(ConversationUnderTest actual)
    {
        var answers = repeat switch
        {
            Repeat.Once => [await SendAsync(actual)],
            Repeat.Retry => [await SendAsync(actual), await SendAsync(actual)],
            _ => await Task.WhenAll(SendAsync(actual), SendAsync(actual)),
        };
        lock (_answers)
        {
            _answers.AddRange(answers);
        }
    }

    public sealed override void Apply(ConversationModel model)
    {
        var answered = _answers.Where(a => a != InFlight).ToList();
        var expected = answered.Select(answer => MayBeRefusedForAnother(model, answer) ? answer : ApplyOnce(model)).ToList();
        if (repeat == Repeat.Race)
        {
            // Which of two racing requests answered first is not known: compare them as a set.
            answered.Sort(StringComparer.Ordinal);
            expected.Sort(StringComparer.Ordinal);
        }

        model.Expect(ToString()!, string.Join(" / ", expected), string.Join(" / ", answered));
    }

    protected abstract Task<string> SendAsync(ConversationUnderTest actual);

    /// <summary>The answer of one attempt that is not under a key the model has seen.</summary>
    protected abstract (string Answer, int? Position) Decide(ConversationModel model);

    /// <summary>
    /// A key is another request's from the moment that request claims it, before its write lands: a 422 is then right
    /// even where the model, which applies each request whole, has not reached that request yet. Such an attempt did
    /// nothing; only a 422 under a key the model gives to this very request is wrong.
    /// </summary>
    private bool MayBeRefusedForAnother(ConversationModel model, string answer) =>
        answer == "422" && Key is not null && !(model.Keys.TryGetValue(Key, out var first) && ReferenceEquals(first.Operation, this));

    private string ApplyOnce(ConversationModel model)
    {
        if (Key is not null && model.Keys.TryGetValue(Key, out var first))
        {
            return !ReferenceEquals(first.Operation, this) ? "422"
                : first.Position is { } position ? $"{first.Answer} {model.ContentAt(position)}"
                : first.Answer;
        }

        var (answer, at) = Decide(model);
        if (Key is not null)
        {
            // A message answer is replayed as the message is then (a redaction shows), so it is kept by position.
            model.Keys[Key] = new KeyRecord(this, at is null ? answer : answer.Split(' ')[0], at);
        }

        return answer;
    }

    protected string Suffix => (Key is null ? "" : $" key={Key}") + (repeat == Repeat.Once ? "" : $" {repeat}");
}

/// <summary>POST …/messages: appends, answers 200 with the stored message for a known externalMessageId, reopens a closed conversation.</summary>
internal sealed class PostMessage(int tag, string? externalId, string? key, Repeat repeat) : KeyedOperation(key, repeat)
{
    private string Content => $"p{tag}";

    protected override async Task<string> SendAsync(ConversationUnderTest actual)
    {
        var body = JsonSerializer.Serialize(new { content = Content, role = "user", externalMessageId = externalId });
        using var response = await actual.SendAsync(HttpMethod.Post, actual.MessagesPath, body, Key);
        return await AnswerAsync(response, m => m.GetProperty("content").GetString()!);
    }

    protected override (string Answer, int? Position) Decide(ConversationModel model)
    {
        if (!model.Exists)
        {
            return ("404", null);
        }

        if (model.Status == "archived")
        {
            return ("409", null);
        }

        if (externalId is not null && model.WithExternalId(externalId) is { } stored)
        {
            return ($"200 {stored.Content}", model.Messages.IndexOf(stored) + 1);
        }

        model.Messages.Add(new ModelMessage(Content, externalId, Redacted: false));
        model.HasLiveMessage = true;
        model.Events.Add("message.created");
        if (model.Status == "closed")
        {
            model.Status = "open";
            model.Events.Add("conversation.updated");
        }

        return ($"201 {Content}", model.Messages.Count);
    }

    public override string ToString() => $"Post({Content}{(externalId is null ? "" : " ext=" + externalId)}{Suffix})";
}

/// <summary>POST …/messages/import: all or nothing, skips known external ids, refuses messages dated before the last one.</summary>
internal sealed class ImportMessages(int tag, IReadOnlyList<string?> externalIds, string? key, Repeat repeat) : KeyedOperation(key, repeat)
{
    private string Content(int k) => $"i{tag}.{k}";

    protected override async Task<string> SendAsync(ConversationUnderTest actual)
    {
        var messages = externalIds.Select((externalId, k) => new { content = Content(k), role = "user", externalMessageId = externalId, createdAt = actual.ImportedAt });
        using var response = await actual.SendAsync(HttpMethod.Post, $"{actual.MessagesPath}/import", JsonSerializer.Serialize(new { messages }), Key);
        return await AnswerAsync(response, body =>
            $"{body.GetProperty("imported").GetInt32()} [{string.Join(",", body.GetProperty("skipped").EnumerateArray().Select(s => s.GetString()))}] {body.GetProperty("messageCount").GetInt64()}");
    }

    protected override (string Answer, int? Position) Decide(ConversationModel model)
    {
        if (!model.Exists)
        {
            return ("404", null);
        }

        if (model.Status == "archived")
        {
            return ("409", null);
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
            return ("400", null);
        }

        model.Messages.AddRange(pending);
        if (pending.Count > 0)
        {
            model.Events.Add("messages.imported");
        }

        return ($"200 {pending.Count} [{string.Join(",", skipped)}] {model.Messages.Count}", null);
    }

    public override string ToString() => $"Import(i{tag} [{string.Join(",", externalIds.Select(e => e ?? "-"))}]{Suffix})";
}
