using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Runtype.Api.Tests.Model;

/// <summary>
/// The real side of the conversation model test: one conversation of owner A. What operations read that must hold
/// whatever the interleaving (no message twice on a page, event sequences without gaps) is checked as they read it
/// and kept in <see cref="ApiUnderTest.Violations"/>. <see cref="Final"/> reads the end state once, after the operations.
/// </summary>
internal sealed class ConversationUnderTest : ApiUnderTest
{
    private readonly Lazy<FinalState> _final;
    private readonly int _initialMessages;
    private string? _conversationId;

    /// <param name="initialMessages">How many messages the conversation is created with (imported, then read back from the store).</param>
    public ConversationUnderTest(ApiFactory factory, HttpClient client, int initialMessages)
        : base(factory, client, "owner-a")
    {
        _initialMessages = initialMessages;
        ImportedAt = Timestamp(DateTime.UtcNow.AddMinutes(-10));
        _final = new Lazy<FinalState>(() => ReadFinalAsync().GetAwaiter().GetResult(), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The contents of the messages the conversation starts with.</summary>
    public static IEnumerable<string> InitialContents(int count) => Enumerable.Range(0, count).Select(k => $"s {k}");

    public string ConversationId => _conversationId ?? throw new InvalidOperationException("Not created yet.");

    /// <summary>The createdAt of every imported message: before any live post, so imports after one are refused.</summary>
    public string ImportedAt { get; }

    public string MessagesPath => $"{ApiClientExtensions.Conversations}/{ConversationId}/messages";

    /// <summary>Every event page read during the run (types in sequence order): each must be a prefix of the final one.</summary>
    public ConcurrentQueue<IReadOnlyList<string>> EventReads { get; } = new();

    public FinalState Final => _final.Value;

    /// <summary>The key as sent: unique to this conversation, so samples never share keys.</summary>
    protected override string ScopedKey(string key) => $"{ConversationId}-{key}";

    /// <summary>One page of messages, checked for repeats; null when the conversation is not there.</summary>
    public async Task<(List<JsonElement> Messages, long TotalCount, string? Next)?> PageAsync(bool descending, int limit, string? cursor = null)
    {
        var path = $"{MessagesPath}?limit={limit}" + (descending ? "&order=desc" : "") + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
        using var response = await SendAsync(HttpMethod.Get, path);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var body = await JsonAsync(response);
        var messages = body.GetProperty("data").EnumerateArray().ToList();
        var ids = messages.Select(m => m.GetProperty("id").GetString()!).ToList();
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            Violations.Enqueue($"a page ({path}) lists a message twice: {string.Join(", ", ids)}");
        }

        return (messages, body.GetProperty("totalCount").GetInt64(), body.GetProperty("nextCursor").GetString());
    }

    /// <summary>
    /// The contents of the conversation's messages that match <paramref name="q"/> (one page of up to 100), checked to
    /// come newest first: createdAt, then id, descending.
    /// </summary>
    public async Task<List<string>> SearchAsync(string q)
    {
        var path = $"/v1/messaging/search/messages?q={Uri.EscapeDataString(q)}&conversationId={ConversationId}&limit=100";
        using var response = await SendAsync(HttpMethod.Get, path);
        var hits = (await response.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray()
            .Select(hit => hit.GetProperty("message")).ToList();
        var keys = hits.Select(m => (At: m.GetProperty("createdAt").GetString()!, Id: m.GetProperty("id").GetString()!)).ToList();
        if (!keys.SequenceEqual(keys.OrderByDescending(k => k.At, StringComparer.Ordinal).ThenByDescending(k => k.Id, StringComparer.Ordinal)))
        {
            Violations.Enqueue($"a search ({path}) answered out of order: {string.Join(", ", keys)}");
        }

        return [.. hits.Select(m => m.GetProperty("content").GetString()!)];
    }

    /// <summary>The conversation's event types in feed order, checked to be sequences 1..n.</summary>
    public async Task<IReadOnlyList<string>> EventsAsync() =>
        [.. (await EventsAsync(ConversationId)).Select(e => e.GetProperty("type").GetString()!)];

    /// <summary>Deactivates the conversation's grain, so its next call reads the conversation back from the store.</summary>
    public Task DeactivateAsync() => DeactivateAsync(ConversationId);

    protected override Task SetUpAsync() => CreateAsync();

    private async Task CreateAsync()
    {
        using (var created = await SendAsync(HttpMethod.Post, ApiClientExtensions.Conversations, """{"surfaceId":"sms"}"""))
        {
            _conversationId = (await created.ExpectJsonAsync(HttpStatusCode.Created)).Id();
        }

        if (_initialMessages > 0)
        {
            var messages = InitialContents(_initialMessages).Select(content => new { content, role = "user", createdAt = ImportedAt });
            using var imported = await SendAsync(HttpMethod.Post, $"{MessagesPath}/import", JsonSerializer.Serialize(new { messages }));
            await imported.ExpectJsonAsync(HttpStatusCode.OK);
        }

        // Operations start on an activation that has not read its messages yet, as after a restart.
        await DeactivateAsync();
    }

    private async Task<FinalState> ReadFinalAsync()
    {
        await ReadyAsync();
        using var response = await SendAsync(HttpMethod.Get, $"{ApiClientExtensions.Conversations}/{ConversationId}");
        IReadOnlyList<string> events = [.. (await SettledEventsAsync(ConversationId, response.IsSuccessStatusCode ? VersionOf(response) : null))
            .Select(e => e.GetProperty("type").GetString()!)];
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new FinalState(false, "", 0, [], [], events);
        }

        var conversation = await JsonAsync(response);
        // Read as the active grain has it (its window of recent messages), then as a fresh activation reads the store.
        var cached = await AllMessagesAsync();
        await DeactivateAsync();
        var stored = await AllMessagesAsync();
        if (!cached.Messages.SequenceEqual(stored.Messages))
        {
            Violations.Enqueue($"the active conversation listed [{string.Join(", ", cached.Messages)}] but the store holds [{string.Join(", ", stored.Messages)}]");
        }

        if (cached.TotalCount != stored.TotalCount || stored.TotalCount != stored.Messages.Count)
        {
            Violations.Enqueue($"totalCount {cached.TotalCount} (active) / {stored.TotalCount} (stored) for {stored.Messages.Count} messages");
        }

        return new FinalState(
            true, conversation.GetProperty("status").GetString()!, conversation.GetProperty("messageCount").GetInt64(), stored.Messages, [.. Violations], events);
    }

    private async Task<(List<ModelMessage> Messages, long TotalCount)> AllMessagesAsync()
    {
        var page = await PageAsync(descending: false, limit: 100) ?? throw new InvalidOperationException("The conversation went while it was read.");
        var messages = page.Messages.Select(m => new ModelMessage(
            m.GetProperty("content").GetString()!,
            m.GetProperty("externalMessageId").GetString(),
            m.GetProperty("redactedAt").ValueKind != JsonValueKind.Null,
            RecordDelivery.Describe(m.GetProperty("delivery")))).ToList();
        return (messages, page.TotalCount);
    }

    public override string ToString() =>
        _final.IsValueCreated ? $"{_conversationId}: {Final}" : $"{_conversationId ?? "(not created)"} with {_initialMessages} messages";

    public static string Timestamp(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>The conversation as read after the operations.</summary>
internal sealed record FinalState(
    bool Exists, string Status, long MessageCount, IReadOnlyList<ModelMessage> Messages, IReadOnlyList<string> Violations, IReadOnlyList<string> Events)
{
    public override string ToString() =>
        $"exists={Exists} status={Status} messageCount={MessageCount} messages=[{string.Join(", ", Messages)}] events=[{string.Join(", ", Events)}]"
        + (Violations.Count > 0 ? $" VIOLATIONS: {string.Join(" | ", Violations)}" : "");
}
