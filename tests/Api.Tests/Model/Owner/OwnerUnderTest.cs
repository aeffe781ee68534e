using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Runtype.Api.Tests.Model.Owner;

/// <summary>
/// The real side of the owner model test: owner A's conversations on two surfaces whose ids are unique to the sample
/// (<see cref="SurfaceId"/>), so no other sample, and no other test, ever lists or holds what this one does. Owner A
/// has other conversations (every test of the collection writes there), which is why every listing here filters by
/// one of the sample's surfaces.
/// </summary>
/// <remarks>
/// Operations name a conversation by a slot of <see cref="Created"/>, the ids the sample's creates answered, in the
/// order those answers arrived; the model knows the same conversation by that id (it adopts ids from the creates'
/// answers). An id is registered only after its create answered 201, so a create has finished before any operation
/// that targets its conversation starts: every order consistent with real time has the create first, and CsCheck
/// tries all orders consistent with each thread's own order, a superset of those. An operation whose slot is still
/// empty sends nothing and answers "no target", which every order accepts.
/// </remarks>
internal sealed class OwnerUnderTest : ApiUnderTest
{
    private static int _samples;

    private readonly List<string> _created = [];
    private readonly Lazy<OwnerFinal> _final;

    public OwnerUnderTest(ApiFactory factory, HttpClient client)
        : base(factory, client, "owner-a")
    {
        Sample = string.Create(CultureInfo.InvariantCulture, $"own{Interlocked.Increment(ref _samples)}-{Guid.NewGuid().ToString("N")[..8]}");
        _final = new Lazy<OwnerFinal>(() => ReadFinalAsync().GetAwaiter().GetResult(), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>What makes this sample's surface ids and keys its own.</summary>
    public string Sample { get; }

    /// <summary>Every conversation's events as read during the run, by id: each must be a prefix of its final feed.</summary>
    public ConcurrentQueue<(string Id, IReadOnlyList<string> Events)> EventReads { get; } = new();

    public OwnerFinal Final => _final.Value;

    /// <summary>The ids the sample's creates answered 201 with, in the order the answers arrived.</summary>
    public IReadOnlyList<string> Created
    {
        get
        {
            lock (_created)
            {
                return [.. _created];
            }
        }
    }

    public string SurfaceId(string relative) => $"{Sample}-{relative}";

    /// <summary>A surface id as the model names it: <c>s0</c> for this sample's first surface.</summary>
    public string Relative(string surfaceId) =>
        surfaceId.StartsWith(Sample + "-", StringComparison.Ordinal) ? surfaceId[(Sample.Length + 1)..] : $"foreign:{surfaceId}";

    public void Register(string id)
    {
        lock (_created)
        {
            if (!_created.Contains(id))
            {
                _created.Add(id);
            }
        }
    }

    /// <summary>The conversation in slot <paramref name="slot"/> of <see cref="Created"/>, or null while there is none.</summary>
    public string? Slot(int slot)
    {
        lock (_created)
        {
            return slot < _created.Count ? _created[slot] : null;
        }
    }

    protected override Task SetUpAsync() => Task.CompletedTask;

    protected override string ScopedKey(string key) => $"{Sample}-{key}";

    /// <summary>The path of a listing of one of the sample's surfaces.</summary>
    public string ListPath(string surface, string? status, string? thread, int limit, string? cursor = null) =>
        $"{ApiClientExtensions.Conversations}?surfaceId={SurfaceId(surface)}&limit={limit}"
        + (status is null ? "" : $"&status={status}")
        + (thread is null ? "" : $"&externalThreadId={thread}")
        + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");

    /// <summary>
    /// One listing page, checked for what holds of any single page whatever runs beside it: in listing order, no
    /// conversation twice, cursors present exactly when hasMore and hasPrev say, totalPages agreeing with totalCount.
    /// </summary>
    public async Task<ListedPage> PageAsync(string path, int limit)
    {
        using var response = await SendAsync(HttpMethod.Get, path);
        var body = await response.ExpectJsonAsync(HttpStatusCode.OK);
        var items = body.GetProperty("data").EnumerateArray().Select(c => ConversationView.From(c, Relative)).ToList();
        var pagination = body.GetProperty("pagination");
        var page = new ListedPage(
            items,
            pagination.GetProperty("totalCount").GetInt64(),
            pagination.GetProperty("hasMore").GetBoolean(),
            pagination.GetProperty("hasPrev").GetBoolean(),
            pagination.GetProperty("nextCursor").GetString(),
            pagination.GetProperty("prevCursor").GetString());
        var ordered = items.Zip(items.Skip(1)).All(pair => SortKey.Of(pair.First).CompareTo(SortKey.Of(pair.Second)) > 0);
        if (!ordered || page.HasMore != (page.Next is not null) || page.HasPrevious != (page.Previous is not null)
            || pagination.GetProperty("totalPages").GetInt64() != (page.Total + limit - 1) / limit)
        {
            Violations.Enqueue($"{path} answered a page out of order or with inconsistent links: {body}");
        }

        return page;
    }

    /// <summary>A conversation's events as compared (<see cref="EventView"/>), checked to be sequences 1..n.</summary>
    public async Task<IReadOnlyList<string>> EventTextsAsync(string conversationId) =>
        [.. (await EventsAsync(conversationId)).Select(e => EventView.From(e, Relative))];

    /// <summary>A conversation as a get shows it (with its version and registered surface), or 404.</summary>
    public async Task<string> GetAsync(string conversationId) => (await ReadAsync(conversationId)).Answer;

    private async Task<(string Answer, long? Version)> ReadAsync(string conversationId)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{ApiClientExtensions.Conversations}/{conversationId}");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), null);
        }

        var c = await JsonAsync(response);
        var version = VersionOf(response);
        return ($"200 {ConversationView.From(c, Relative).Detail(version, ConversationView.SurfaceOf(c))}", version);
    }

    private async Task<OwnerFinal> ReadFinalAsync()
    {
        await ReadyAsync();
        var conversations = new Dictionary<string, string>(StringComparer.Ordinal);
        var events = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var id in Created)
        {
            (conversations[id], var version) = await ReadAsync(id);
            events[id] = [.. (await SettledEventsAsync(id, version)).Select(e => EventView.From(e, Relative))];
        }

        var lists = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var surface in OwnerModel.SurfaceNames)
        {
            foreach (var status in OwnerModel.StatusFilters)
            {
                var page = await PageAsync(ListPath(surface, status, thread: null, limit: 100), 100);
                lists[$"{surface}/{status ?? "*"}"] = ListPage.Describe(page.Total, page.HasMore, page.HasPrevious, page.Items);
            }
        }

        return new OwnerFinal(conversations, events, lists, [.. Violations]);
    }

    public override string ToString() => _final.IsValueCreated ? $"{Sample}: {Final}" : $"{Sample} (not read)";
}

/// <summary>A page as the listing answered it.</summary>
internal sealed record ListedPage(List<ConversationView> Items, long Total, bool HasMore, bool HasPrevious, string? Next, string? Previous);

/// <summary>A listing position: (updatedAt, id), compared in their natural order, so the listing is descending.</summary>
internal readonly record struct SortKey(string UpdatedAt, string Id) : IComparable<SortKey>
{
    public static SortKey Of(ConversationView c) => new(c.UpdatedAt, c.Id);

    public static SortKey Of(ModelConversation c) => new(c.UpdatedAt, c.Id);

    public int CompareTo(SortKey other)
    {
        var byTime = string.CompareOrdinal(UpdatedAt, other.UpdatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(Id, other.Id);
    }

    public override string ToString() => $"{UpdatedAt}/{Id}";

    public static bool operator <(SortKey left, SortKey right) => left.CompareTo(right) < 0;

    public static bool operator >(SortKey left, SortKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(SortKey left, SortKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SortKey left, SortKey right) => left.CompareTo(right) >= 0;
}

/// <summary>The owner's sample as read after the operations: each conversation a create answered, its events, and every listing of the two surfaces.</summary>
internal sealed record OwnerFinal(
    IReadOnlyDictionary<string, string> Conversations,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Events,
    IReadOnlyDictionary<string, string> Lists,
    IReadOnlyList<string> Violations)
{
    public override string ToString() =>
        $"conversations=[{string.Join("; ", Conversations.Select(c => c.Value == "404" ? $"{c.Key} 404" : c.Value))}] "
        + $"events=[{string.Join("; ", Events.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))}] "
        + $"lists=[{string.Join("; ", Lists.Select(l => $"{l.Key} {l.Value}"))}]"
        + (Violations.Count > 0 ? $" VIOLATIONS: {string.Join(" | ", Violations)}" : "");
}
