namespace Runtype.Api.Tests.Model.Owner;

/// <summary>
/// The sequential model of one owner's conversations on a sample's two surfaces (<c>s0</c>, <c>s1</c>), and of those
/// surfaces' registrations: what the API must have done after a sequence of operations applied one at a time.
/// </summary>
/// <remarks>
/// What the server chooses and the model cannot foresee (conversation ids, clock readings) the model takes from the
/// answers the operations recorded: a create that the model decides succeeds adopts the id and createdAt its real
/// answer carried, an update or a post the updatedAt. Everything else, including the order listings follow (which
/// is by those timestamps, not by the order of the writes), is the model's own; and the timestamps it adopts are
/// checked never to run backwards for a conversation, since the grain's clock may not.
/// </remarks>
internal sealed class OwnerModel : ModelState
{
    public static readonly string[] SurfaceNames = ["s0", "s1"];

    public static readonly string?[] StatusFilters = [null, "open", "closed", "archived"];

    /// <summary>Every conversation the model created, deleted ones included, in creation order.</summary>
    public List<ModelConversation> Conversations { get; } = [];

    /// <summary>The registered surfaces, by their name relative to the sample.</summary>
    public Dictionary<string, ModelSurface> Surfaces { get; } = new(StringComparer.Ordinal);

    public ModelConversation? Find(string id) => Conversations.Find(c => c.Id == id && c.Exists);

    /// <summary>The conversation holding a surface's external thread: one per (owner, surface, thread).</summary>
    public ModelConversation? Holder(string surface, string thread) => Conversations.Find(c => c.Exists && c.Surface == surface && c.Thread == thread);

    /// <summary>The registered surface as a detailed conversation shows it.</summary>
    public string SurfaceShown(string surface) => Surfaces.TryGetValue(surface, out var s) ? $"{s.Name}/{s.Type}" : "-";

    /// <summary>A listing's matches in listing order: most recently updated first, then by id, descending.</summary>
    public List<ModelConversation> Listing(string surface, string? status, string? thread) =>
        [.. Conversations.Where(c => c.Exists && c.Surface == surface && (status is null || c.Status == status) && (thread is null || c.Thread == thread))
            .OrderByDescending(c => c.UpdatedAt, StringComparer.Ordinal).ThenByDescending(c => c.Id, StringComparer.Ordinal)];

    /// <summary>A whole listing (one page of 100) as the final state reads it.</summary>
    public string Listed(string surface, string? status)
    {
        var all = Listing(surface, status, thread: null);
        return ListPage.Describe(all.Count, more: false, previous: false, all.Select(c => c.View));
    }

    public override string ToString() =>
        $"conversations=[{string.Join("; ", Conversations.Select(c => c.Exists ? c.Detail(this) : $"{c.Id} deleted"))}] "
        + $"surfaces=[{string.Join(", ", Surfaces.Select(s => $"{s.Key}:{s.Value}"))}]{MismatchText}";
}

/// <summary>One conversation in the model; its id, createdAt and updatedAt are those the real answers carried.</summary>
internal sealed class ModelConversation
{
    public required string Id { get; init; }

    public required string Surface { get; set; }

    public required string Status { get; set; }

    public string? Subject { get; set; }

    public string? Thread { get; set; }

    public long MessageCount { get; set; }

    public string? LastMessageAt { get; set; }

    public required string CreatedAt { get; init; }

    public required string UpdatedAt { get; set; }

    public long Version { get; set; } = 1;

    public bool Exists { get; set; } = true;

    /// <summary>Its events in sequence order (<see cref="EventView"/>).</summary>
    public List<string> Events { get; } = [];

    public ConversationView View => new(Id, Surface, Status, Subject, Thread, MessageCount, LastMessageAt, CreatedAt, UpdatedAt);

    /// <summary>As a get shows it (with the registered surface).</summary>
    public string Detail(OwnerModel model) => View.Detail(Version, model.SurfaceShown(Surface));

    /// <summary>Sets updatedAt to the time a write's answer carried, unless that runs backwards (then the answer is not the model's).</summary>
    public string Touch(string? answered)
    {
        UpdatedAt = answered is not null && string.CompareOrdinal(answered, UpdatedAt) >= 0 ? answered : UpdatedAt;
        return UpdatedAt;
    }
}

/// <summary>A registered surface; null timers are none.</summary>
internal sealed record ModelSurface(string Id, string Name, string Type, string? CloseAfter, string? ArchiveAfter)
{
    public override string ToString() => $"{Id} {Name} {Type} close={CloseAfter ?? "-"} archive={ArchiveAfter ?? "-"}";
}

/// <summary>Reading what the model adopts from a recorded answer (<c>201 conv_… s0 open … created=… upd=…</c>).</summary>
internal static class Answers
{
    /// <summary>The second word of a success answer: the id it names.</summary>
    public static string Id(string answer) => answer.Split(' ') is [['2', ..], var id, ..] ? id : "(none)";

    /// <summary>The value of a <c>name=value</c> word of the answer, or null.</summary>
    public static string? Value(string answer, string name)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var word = answer.Split(' ').FirstOrDefault(w => w.StartsWith(name + "=", StringComparison.Ordinal));
        return word?[(name.Length + 1)..];
    }
}

/// <summary>A listing page as compared: the total, whether it links on, and its conversations in order.</summary>
internal static class ListPage
{
    public static string Describe(long total, bool more, bool previous, IEnumerable<ConversationView> items) =>
        $"200 total={total} more={more} prev={previous} [{string.Join("; ", items)}]";
}
