using System.Text.Json;

namespace Runtype.Api.Tests.Model.Webhooks;

/// <summary>
/// The sequential model of one owner's webhook endpoints: what the API must have done after a sequence of operations
/// applied one at a time. Endpoints are named by a label each carries in its URL (<see cref="WebhookView"/>), so the
/// model never needs the ids the server chose; secrets, which it cannot foresee, it takes from the answers that show
/// them (create and rotate-secret), and checks that a rotation changed the secret.
/// </summary>
internal sealed class WebhooksModel : ModelState
{
    public WebhooksModel(WebhookStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        foreach (var (label, types) in start.Endpoints())
        {
            Endpoints.Add(new ModelEndpoint(label, types) { ReceivesSetUpEvent = WebhookStart.Receives(types) });
        }
    }

    /// <summary>Every endpoint the model registered, deleted ones included, oldest first.</summary>
    public List<ModelEndpoint> Endpoints { get; } = [];

    public ModelEndpoint? Find(string label) => Endpoints.Find(e => e.Label == label && e.Exists);

    public int Count => Endpoints.Count(e => e.Exists);

    /// <summary>The list the API answers: every endpoint of the owner, oldest first.</summary>
    public string Listed() => $"200 [{string.Join("; ", Endpoints.Where(e => e.Exists).Select(e => e.View))}]";

    public override string ToString() =>
        $"endpoints=[{string.Join("; ", Endpoints.Select(e => e.Exists ? $"{e.View} redelivered={e.Redelivered}" : $"{e.Label} deleted"))}]{MismatchText}";
}

/// <summary>One endpoint in the model.</summary>
internal sealed class ModelEndpoint(string label, string types)
{
    public string Label { get; } = label;

    /// <summary>The version part of its URL: 0 as registered, then the tag of the update that moved it.</summary>
    public string UrlVersion { get; set; } = "0";

    public string Types { get; set; } = types;

    public string? Description { get; set; }

    public bool Enabled { get; set; } = true;

    public bool Exists { get; set; } = true;

    /// <summary>The secret its last create or rotation answered; null while the model has not seen one.</summary>
    public string? Secret { get; set; }

    /// <summary>Whether the sample's set-up event was delivered to it before the operations began (so it can be sent again).</summary>
    public bool ReceivesSetUpEvent { get; init; }

    /// <summary>How many redeliveries of that event it accepted (202).</summary>
    public int Redelivered { get; set; }

    public WebhookView View => new(Label, UrlVersion, Types, Description, Enabled);
}

/// <summary>
/// An endpoint as the model test compares it. Its label and URL version are read back from the URL
/// (<c>…?s=&lt;sample&gt;&amp;t=&lt;label&gt;&amp;v=&lt;version&gt;</c>); types are <c>*</c> for every type.
/// </summary>
internal sealed record WebhookView(string Label, string UrlVersion, string Types, string? Description, bool Enabled)
{
    public override string ToString() => $"{Label} v={UrlVersion} types={Types} desc={Description ?? "-"} {(Enabled ? "on" : "off")}";

    public static WebhookView From(JsonElement w, string sample)
    {
        var url = w.GetProperty("url").GetString()!;
        var query = new Uri(url).Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var label = query.GetValueOrDefault("s") == sample && query.GetValueOrDefault("t") is { } t ? t : $"foreign:{url}";
        return new(label, query.GetValueOrDefault("v") ?? "?", TypesText(w.GetProperty("types")), w.GetProperty("description").GetString(), w.GetProperty("enabled").GetBoolean());
    }

    public static string TypesText(IReadOnlyList<string>? types) => types is null ? "*" : string.Join(",", types);

    private static string TypesText(JsonElement types) =>
        types.ValueKind == JsonValueKind.Null ? "*" : string.Join(",", types.EnumerateArray().Select(t => t.GetString()));
}

/// <summary>
/// What a sample starts from: endpoints <c>i0</c>… with the given types, which the sample's set-up event
/// (a conversation.created) reaches when their types take it, and fillers <c>f0</c>… (message.created only, so they
/// get nothing) up to <see cref="FillTo"/> endpoints in all, which brings the per-owner limit within reach.
/// </summary>
internal sealed record WebhookStart(IReadOnlyList<IReadOnlyList<string>?> Initial, int FillTo)
{
    public const string SetUpEventType = "conversation.created";

    public static readonly IReadOnlyList<string> FillerTypes = ["message.created"];

    /// <summary>Every endpoint the sample starts with, oldest first: its label and its types as compared.</summary>
    public IEnumerable<(string Label, string Types)> Endpoints() =>
        Initial.Select((types, i) => ($"i{i}", WebhookView.TypesText(types)))
            .Concat(Enumerable.Range(0, Math.Max(0, FillTo - Initial.Count)).Select(i => ($"f{i}", WebhookView.TypesText(FillerTypes))));

    /// <summary>Whether an endpoint with these types (as compared) is sent the set-up event.</summary>
    public static bool Receives(string types) => types == "*" || types.Split(',').Contains(SetUpEventType);

    public override string ToString() => $"[{string.Join(", ", Endpoints().Select(e => $"{e.Label}:{e.Types}"))}]";
}
