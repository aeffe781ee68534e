using System.Text.Json;

namespace Runtype.Api.Tests.Model.Owner;

/// <summary>How a listing operation pages: the first page, the one its nextCursor leads to, or back from there by prevCursor.</summary>
internal enum Paging
{
    First,
    Next,
    Back,
}

/// <summary>
/// GET /v1/messaging/conversations on one of the sample's surfaces, perhaps filtered by status and external thread,
/// with a limit, paging as <see cref="Paging"/> says. Only the last request is compared with the model: it is one
/// read at one point. The pages before it only hand it its cursor, whose position (the updatedAt and id of the
/// conversation it was cut at, as listed) is recorded, and the model works out the page from that position: the
/// matching conversations strictly past it in the cursor's direction, and whether any lie on its other side.
/// </summary>
internal sealed class ListConversations(string surface, string? status, string? thread, int limit, Paging paging)
    : SingleOperation<OwnerUnderTest, OwnerModel>
{
    private SortKey? _key;
    private bool _backward;

    protected override async Task<string> SendAsync(OwnerUnderTest actual)
    {
        var page = await actual.PageAsync(actual.ListPath(surface, status, thread, limit), limit);
        if (paging != Paging.First && page.Next is { } next)
        {
            var key = SortKey.Of(page.Items[^1]);
            var second = await actual.PageAsync(actual.ListPath(surface, status, thread, limit, next), limit);
            (page, _key) = (second, key);
            if (paging == Paging.Back && second.Previous is { } previous)
            {
                key = SortKey.Of(second.Items[0]);
                (page, _key, _backward) = (await actual.PageAsync(actual.ListPath(surface, status, thread, limit, previous), limit), key, true);
            }
        }

        return ListPage.Describe(page.Total, page.HasMore, page.HasPrevious, page.Items);
    }

    protected override string Decide(OwnerModel model, string actual)
    {
        var all = model.Listing(surface, status, thread);
        List<ModelConversation> items;
        bool before, after;
        if (_key is not { } key)
        {
            (items, before, after) = ([.. all.Take(limit)], false, all.Count > limit);
        }
        else if (!_backward)
        {
            var older = all.Where(c => SortKey.Of(c) < key).ToList();
            (items, before, after) = ([.. older.Take(limit)], all.Any(c => SortKey.Of(c) >= key), older.Count > limit);
        }
        else
        {
            var newer = all.Where(c => SortKey.Of(c) > key).ToList();
            (items, before, after) = ([.. newer.TakeLast(limit)], newer.Count > limit, all.Any(c => SortKey.Of(c) <= key));
        }

        // A page links on only where it has a conversation to cut the cursor at.
        return ListPage.Describe(all.Count, after && items.Count > 0, before && items.Count > 0, items.Select(c => c.View));
    }

    public override string ToString() =>
        $"List({surface}{(status is null ? "" : " " + status)}{(thread is null ? "" : " " + thread)} limit={limit} {paging})";
}

/// <summary>
/// PUT a surface of the sample: registers it or renames it, with an inactivity rule (a week: it never fires within a
/// sample) set, cleared (null) or left as it is (absent). Conversations on it show its name and type from then on.
/// </summary>
internal sealed class PutSurface(string surface, int tag, string type, string? closeAfter, bool setsCloseAfter) : SingleOperation<OwnerUnderTest, OwnerModel>
{
    protected override async Task<string> SendAsync(OwnerUnderTest actual)
    {
        var body = new Dictionary<string, string?>(StringComparer.Ordinal) { ["name"] = $"n{tag}", ["type"] = type };
        if (setsCloseAfter)
        {
            body["autoCloseAfter"] = closeAfter;
        }

        using var response = await actual.SendAsync(HttpMethod.Put, $"/v1/messaging/surfaces/{actual.SurfaceId(surface)}", JsonSerializer.Serialize(body));
        return await AnswerAsync(response, s => Describe(actual, s));
    }

    protected override string Decide(OwnerModel model, string actual)
    {
        var existing = model.Surfaces.GetValueOrDefault(surface);
        var registered = new ModelSurface(surface, $"n{tag}", type, setsCloseAfter ? closeAfter : existing?.CloseAfter, existing?.ArchiveAfter);
        model.Surfaces[surface] = registered;
        return $"200 {registered}";
    }

    /// <summary>The surface an answer shows, its id as the model names it (another sample's, or another owner's, shows).</summary>
    public static string Describe(OwnerUnderTest actual, JsonElement s) =>
        new ModelSurface(actual.Relative(s.GetProperty("id").GetString()!), s.GetProperty("name").GetString()!, s.GetProperty("type").GetString()!,
            s.GetProperty("autoCloseAfter").GetString(), s.GetProperty("autoArchiveAfter").GetString()).ToString();

    public override string ToString() =>
        $"PutSurface({surface} n{tag} {type}{(setsCloseAfter ? $" close={closeAfter ?? "null"}" : "")})";
}

/// <summary>GET a surface of the sample: 404 until it is registered.</summary>
internal sealed class GetSurface(string surface) : SingleOperation<OwnerUnderTest, OwnerModel>
{
    protected override async Task<string> SendAsync(OwnerUnderTest actual)
    {
        using var response = await actual.SendAsync(HttpMethod.Get, $"/v1/messaging/surfaces/{actual.SurfaceId(surface)}");
        return await AnswerAsync(response, s => PutSurface.Describe(actual, s));
    }

    protected override string Decide(OwnerModel model, string actual) =>
        model.Surfaces.TryGetValue(surface, out var registered) ? $"200 {registered}" : "404";

    public override string ToString() => $"GetSurface({surface})";
}

/// <summary>
/// Reads that span several requests, or act outside the API, so they are checked for what holds whatever happened
/// in between rather than against the model: a walk through every page of a surface (no conversation twice: an
/// update only moves one up the listing, behind the walk), a conversation's event feed (sequences 1..n, a prefix of
/// its final feed), and deactivating a conversation's grain (its next call reads it back from the store).
/// </summary>
internal sealed class OwnerRead(int kind, Target target) : ModelOperation<OwnerUnderTest, OwnerModel>
{
    public override async Task RunAsync(OwnerUnderTest actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (kind == 0)
        {
            await WalkAsync(actual, OwnerModel.SurfaceNames[target.Slot % 2]);
            return;
        }

        if (await target.ResolveAsync(actual) is not { } id)
        {
            return;
        }

        if (kind == 1)
        {
            actual.EventReads.Enqueue((id, await actual.EventTextsAsync(id)));
        }
        else
        {
            await actual.DeactivateAsync(id);
        }
    }

    public override void Apply(OwnerModel model)
    {
    }

    private static async Task WalkAsync(OwnerUnderTest actual, string surface)
    {
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await actual.PageAsync(actual.ListPath(surface, status: null, thread: null, limit: 2, cursor), 2);
            seen.AddRange(page.Items.Select(c => c.Id));
            cursor = page.Next;
        }
        while (cursor is not null);

        if (seen.Distinct(StringComparer.Ordinal).Count() != seen.Count)
        {
            actual.Violations.Enqueue($"a walk through {surface}'s pages met a conversation twice: {string.Join(", ", seen)}");
        }
    }

    public override string ToString() => kind switch { 0 => $"Walk(s{target.Slot % 2})", 1 => $"ReadEvents({target})", _ => $"Deactivate({target})" };
}

