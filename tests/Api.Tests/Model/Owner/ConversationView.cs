using System.Text.Json;

namespace Runtype.Api.Tests.Model.Owner;

/// <summary>
/// A conversation as the owner model test compares it: what an answer shows of it, read from the JSON the API sent
/// (<see cref="From"/>) or made by the model, and written out the same way for both (<see cref="ToString"/>).
/// Surfaces are named relative to the sample (<c>s0</c>, <c>s1</c>): the model never knows the sample's prefix.
/// </summary>
internal sealed record ConversationView(
    string Id, string Surface, string Status, string? Subject, string? Thread, long MessageCount, string? LastMessageAt, string CreatedAt, string UpdatedAt)
{
    /// <summary>The list form (no version, no surface object).</summary>
    public override string ToString() =>
        $"{Id} {Surface} {Status} subj={Subject ?? "-"} thr={Thread ?? "-"} msgs={MessageCount} last={LastMessageAt ?? "-"} created={CreatedAt} upd={UpdatedAt}";

    /// <summary>The detailed form: the version (the ETag), and where <paramref name="surface"/> is given, the registered surface it shows.</summary>
    public string Detail(long version, string? surface = null) => $"{this} v{version}" + (surface is null ? "" : $" surface={surface}");

    public static ConversationView From(JsonElement c, Func<string, string> relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        return new(
            c.GetProperty("id").GetString()!,
            relative(c.GetProperty("surfaceId").GetString()!),
            c.GetProperty("status").GetString()!,
            c.GetProperty("subject").GetString(),
            c.GetProperty("externalThreadId").GetString(),
            c.GetProperty("messageCount").GetInt64(),
            c.GetProperty("lastMessageAt").GetString(),
            c.GetProperty("createdAt").GetString()!,
            c.GetProperty("updatedAt").GetString()!);
    }

    /// <summary>The registered surface a detailed conversation shows: <c>name/type</c>, or <c>-</c> when there is none.</summary>
    public static string SurfaceOf(JsonElement c) =>
        c.GetProperty("surface") is { ValueKind: JsonValueKind.Object } s ? $"{s.GetProperty("name").GetString()}/{s.GetProperty("type").GetString()}" : "-";
}

/// <summary>
/// One event of a conversation as compared: its type, the fields of the conversation it carries (for
/// conversation.created and conversation.updated) and, for an update, the previous value of each field that changed.
/// The embedded surface object is left out: a write reads the surface before it commits, so a rename landing in
/// between shows the name before it, which is a legitimate order for the two grains and not one the model decides.
/// </summary>
internal static class EventView
{
    public static string Created(string status, string? subject, string? thread, string surface) =>
        $"created {Fields(status, subject, thread, surface)}";

    public static string Updated(string status, string? subject, string? thread, string surface, IEnumerable<KeyValuePair<string, string?>> previous) =>
        $"updated {Fields(status, subject, thread, surface)} was[{string.Join(",", previous.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value ?? "-"}"))}]";

    public const string Deleted = "deleted";

    public const string Message = "message";

    public static string From(JsonElement e, Func<string, string> relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        var data = e.GetProperty("data");
        return e.GetProperty("type").GetString() switch
        {
            "conversation.created" => Created(data.GetProperty("status").GetString()!, data.GetProperty("subject").GetString(),
                data.GetProperty("externalThreadId").GetString(), relative(data.GetProperty("surfaceId").GetString()!)),
            "conversation.updated" => Updated(data.GetProperty("status").GetString()!, data.GetProperty("subject").GetString(),
                data.GetProperty("externalThreadId").GetString(), relative(data.GetProperty("surfaceId").GetString()!),
                e.GetProperty("previousAttributes").EnumerateObject().Select(p => KeyValuePair.Create(p.Name,
                    p.Value.GetString() is { } value && p.Name == "surfaceId" ? relative(value) : p.Value.GetString()))),
            "conversation.deleted" => Deleted,
            "message.created" => Message,
            var other => other!,
        };
    }

    private static string Fields(string status, string? subject, string? thread, string surface) =>
        $"{surface} {status} subj={subject ?? "-"} thr={thread ?? "-"}";
}
