using System.Net;
using System.Text.Json;

namespace Runtype.Api.Tests.Model.Owner;

/// <summary>
/// Which conversation an operation acts on: the one in a slot of the sample's creates (<see cref="OwnerUnderTest"/>
/// explains why the model can name the same one), or the one a listing finds on a surface's external thread.
/// </summary>
/// <remarks>
/// Found by its thread, the id comes from a listing, a read of its own at an earlier point than the write that
/// follows; only the write is compared with the model, at its own place in the order: the conversation may have
/// moved off the thread, or gone, in between, and the write's answer says what it met then. A listing only finds a
/// conversation whose create committed, but perhaps before that create answered: the model then has it anyway in
/// every order where the write comes after the create, and CsCheck tries those.
/// </remarks>
internal sealed record Target(int Slot, string? Surface = null, string? Thread = null)
{
    public const string None = "no target";

    public async Task<string?> ResolveAsync(OwnerUnderTest actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (Thread is null)
        {
            return actual.Slot(Slot);
        }

        var page = await actual.PageAsync(actual.ListPath(Surface!, status: null, Thread, limit: 1), 1);
        return page.Items is [var found] ? found.Id : null;
    }

    public override string ToString() => Thread is null ? $"#{Slot}" : $"{Surface}/{Thread}";
}

/// <summary>
/// A conversation write or read compared with the model: it finds its target, sends, and records the target's id
/// with its answer, so the model applies it to the same conversation.
/// </summary>
internal abstract class TargetedOperation(Target target) : SingleOperation<OwnerUnderTest, OwnerModel>
{
    protected Target Target { get; } = target;

    /// <summary>The conversation it acted on; null when it found none.</summary>
    protected string? TargetId { get; private set; }

    protected sealed override async Task<string> SendAsync(OwnerUnderTest actual)
    {
        TargetId = await Target.ResolveAsync(actual);
        return TargetId is null ? Target.None : await SendToAsync(actual, TargetId);
    }

    protected sealed override string Decide(OwnerModel model, string actual) =>
        TargetId is null ? Target.None : Decide(model, model.Find(TargetId), actual);

    protected abstract Task<string> SendToAsync(OwnerUnderTest actual, string id);

    /// <param name="conversation">The target as the model has it at this point; null when it does not exist (yet, or any more).</param>
    protected abstract string Decide(OwnerModel model, ModelConversation? conversation, string actual);

    protected static string PathOf(string id) => $"{ApiClientExtensions.Conversations}/{id}";

    /// <summary>Reads the ETag first, when asked to send If-Match: null when the conversation was not there to read.</summary>
    protected static async Task<(string? Tag, long? Version)> TagAsync(OwnerUnderTest actual, string id, bool ifMatch)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (!ifMatch)
        {
            return (null, null);
        }

        using var read = await actual.SendAsync(HttpMethod.Get, PathOf(id));
        return read.StatusCode == HttpStatusCode.OK ? (read.Headers.ETag!.Tag, ApiUnderTest.VersionOf(read)) : (null, null);
    }

    /// <summary>A conversation answer: the conversation with its version, a 409 naming the thread's holder, or the status.</summary>
    internal static async Task<string> ConversationAnswerAsync(OwnerUnderTest actual, HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(response);
        if (IsInFlight(response))
        {
            return InFlight;
        }

        if (response.IsSuccessStatusCode)
        {
            return $"{Code(response)} {ConversationView.From(await ApiUnderTest.JsonAsync(response), actual.Relative).Detail(ApiUnderTest.VersionOf(response))}";
        }

        return response.StatusCode == HttpStatusCode.Conflict
            ? $"409 holder={((await ApiUnderTest.JsonAsync(response)).TryGetProperty("conversationId", out var holder) ? holder.GetString() : "-")}"
            : Code(response);
    }
}

/// <summary>
/// POST a conversation on one of the sample's surfaces, perhaps on an external thread (one conversation per owner,
/// surface and thread: a second is a 409 naming the first), perhaps under an Idempotency-Key, sent once, retried
/// or raced. Its subject carries the operation's tag, so every create's body is its own.
/// </summary>
internal sealed class CreateConversation(int tag, string surface, string? thread, string? status, string? key, Repeat repeat)
    : KeyedOperation<OwnerUnderTest, OwnerModel>(key, repeat)
{
    private string Subject => $"c{tag}";

    protected override async Task<string> SendAsync(OwnerUnderTest actual)
    {
        var body = new Dictionary<string, string>(StringComparer.Ordinal) { ["surfaceId"] = actual.SurfaceId(surface), ["subject"] = Subject };
        if (thread is not null)
        {
            body["externalThreadId"] = thread;
        }

        if (status is not null)
        {
            body["status"] = status;
        }

        using var response = await actual.SendAsync(HttpMethod.Post, ApiClientExtensions.Conversations, JsonSerializer.Serialize(body), Key);
        var answer = await TargetedOperation.ConversationAnswerAsync(actual, response);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            actual.Register(Answers.Id(answer));
        }

        return answer;
    }

    protected override KeyedAnswer Decide(OwnerModel model, string actual)
    {
        if (thread is not null && model.Holder(surface, thread) is { } holder)
        {
            return $"409 holder={holder.Id}";
        }

        var createdAt = Answers.Value(actual, "created") ?? "?";
        var conversation = new ModelConversation
        {
            Id = Answers.Id(actual), Surface = surface, Status = status ?? "open", Subject = Subject, Thread = thread, CreatedAt = createdAt, UpdatedAt = createdAt,
        };
        conversation.Events.Add(EventView.Created(conversation.Status, Subject, thread, surface));
        model.Conversations.Add(conversation);
        // The replay is the first answer as it was, whatever happened to the conversation since.
        return $"201 {conversation.View.Detail(conversation.Version)}";
    }

    public override string ToString() =>
        $"Create(c{tag} {surface}{(thread is null ? "" : " " + thread)}{(status is null ? "" : " " + status)}{Suffix})";
}

/// <summary>What a PUT changes: each field set is sent (a null clears it), at least one.</summary>
internal sealed record ConversationChange(string? Status, bool SetsSubject, string? Subject, bool SetsThread, string? Thread, string? Surface)
{
    public string Json(OwnerUnderTest actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var body = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (Status is not null)
        {
            body["status"] = Status;
        }

        if (SetsSubject)
        {
            body["subject"] = Subject;
        }

        if (SetsThread)
        {
            body["externalThreadId"] = Thread;
        }

        if (Surface is not null)
        {
            body["surfaceId"] = actual.SurfaceId(Surface);
        }

        return JsonSerializer.Serialize(body);
    }

    public override string ToString() =>
        string.Join(" ", new[]
        {
            Status, SetsSubject ? $"subj={Subject ?? "null"}" : null, SetsThread ? $"thr={Thread ?? "null"}" : null, Surface is null ? null : $"to {Surface}",
        }.Where(p => p is not null));
}

/// <summary>
/// PUT a conversation: status, subject, external thread (a free one, a taken one: 409 naming its holder, or none) and
/// surface; with If-Match, the ETag a get just before read (412 when a write came between).
/// </summary>
internal sealed class UpdateConversation(Target target, ConversationChange change, bool ifMatch) : TargetedOperation(target)
{
    private long? _version;

    protected override async Task<string> SendToAsync(OwnerUnderTest actual, string id)
    {
        (var tag, _version) = await TagAsync(actual, id, ifMatch);
        using var response = await actual.SendAsync(HttpMethod.Put, PathOf(id), change.Json(actual), ifMatch: tag);
        return await ConversationAnswerAsync(actual, response);
    }

    protected override string Decide(OwnerModel model, ModelConversation? conversation, string actual)
    {
        if (conversation is null)
        {
            return "404";
        }

        if (_version is { } version && version != conversation.Version)
        {
            return "412";
        }

        var surface = change.Surface ?? conversation.Surface;
        var thread = change.SetsThread ? change.Thread : conversation.Thread;
        if (thread is not null && model.Holder(surface, thread) is { } holder && holder != conversation)
        {
            return $"409 holder={holder.Id}";
        }

        var previous = new List<KeyValuePair<string, string?>>();
        Change("surfaceId", surface, conversation.Surface, value => conversation.Surface = value!);
        Change("status", change.Status ?? conversation.Status, conversation.Status, value => conversation.Status = value!);
        Change("subject", change.SetsSubject ? change.Subject : conversation.Subject, conversation.Subject, value => conversation.Subject = value);
        Change("externalThreadId", thread, conversation.Thread, value => conversation.Thread = value);
        conversation.Version++;
        conversation.Touch(Answers.Value(actual, "upd"));
        conversation.Events.Add(EventView.Updated(conversation.Status, conversation.Subject, conversation.Thread, conversation.Surface, previous));
        return $"200 {conversation.View.Detail(conversation.Version)}";

        void Change(string field, string? value, string? was, Action<string?> set)
        {
            if (!string.Equals(value, was, StringComparison.Ordinal))
            {
                previous.Add(KeyValuePair.Create(field, was));
                set(value);
            }
        }
    }

    public override string ToString() => $"Update({Target} {change}{(ifMatch ? " if-match" : "")})";
}

/// <summary>DELETE a conversation, perhaps with If-Match: its thread is free again at once.</summary>
internal sealed class DeleteConversation(Target target, bool ifMatch) : TargetedOperation(target)
{
    private long? _version;

    protected override async Task<string> SendToAsync(OwnerUnderTest actual, string id)
    {
        (var tag, _version) = await TagAsync(actual, id, ifMatch);
        using var response = await actual.SendAsync(HttpMethod.Delete, PathOf(id), ifMatch: tag);
        return Code(response);
    }

    protected override string Decide(OwnerModel model, ModelConversation? conversation, string actual)
    {
        if (conversation is null)
        {
            return "404";
        }

        if (_version is { } version && version != conversation.Version)
        {
            return "412";
        }

        conversation.Exists = false;
        conversation.Version++;
        conversation.Events.Add(EventView.Deleted);
        return "200";
    }

    public override string ToString() => $"Delete({Target}{(ifMatch ? " if-match" : "")})";
}

/// <summary>GET a conversation: its fields, version and registered surface at one point.</summary>
internal sealed class GetConversation(Target target) : TargetedOperation(target)
{
    protected override Task<string> SendToAsync(OwnerUnderTest actual, string id) => actual.GetAsync(id);

    protected override string Decide(OwnerModel model, ModelConversation? conversation, string actual) =>
        conversation is null ? "404" : $"200 {conversation.Detail(model)}";

    public override string ToString() => $"Get({Target})";
}

/// <summary>
/// POST a message: the conversation's updatedAt becomes the message's createdAt (so it moves in listings), a closed
/// conversation reopens, an archived one refuses it (409).
/// </summary>
internal sealed class PostMessage(Target target, int tag) : TargetedOperation(target)
{
    protected override async Task<string> SendToAsync(OwnerUnderTest actual, string id)
    {
        using var response = await actual.SendAsync(HttpMethod.Post, $"{PathOf(id)}/messages", $$"""{"content":"m{{tag}}","role":"user"}""");
        return await AnswerAsync(response, m => $"at={m.GetProperty("createdAt").GetString()}");
    }

    protected override string Decide(OwnerModel model, ModelConversation? conversation, string actual)
    {
        if (conversation is null)
        {
            return "404";
        }

        if (conversation.Status == "archived")
        {
            return "409";
        }

        var at = conversation.Touch(Answers.Value(actual, "at"));
        conversation.MessageCount++;
        conversation.LastMessageAt = at;
        conversation.Version++;
        conversation.Events.Add(EventView.Message);
        if (conversation.Status == "closed")
        {
            conversation.Status = "open";
            conversation.Version++;
            conversation.Events.Add(EventView.Updated("open", conversation.Subject, conversation.Thread, conversation.Surface, [KeyValuePair.Create("status", (string?)"closed")]));
        }

        return $"201 at={at}";
    }

    public override string ToString() => $"Post({Target} m{tag})";
}
