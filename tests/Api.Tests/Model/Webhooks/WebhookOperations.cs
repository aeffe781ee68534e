using System.Net;
using System.Text.Json;
using Runtype.Api.Tests.Model.Owner;

namespace Runtype.Api.Tests.Model.Webhooks;

/// <summary>
/// An operation on one endpoint, found by a slot of the sample's labels (<see cref="WebhooksUnderTest"/>): it records
/// the label with its answer, so the model applies it to the same endpoint. An empty slot sends nothing.
/// </summary>
internal abstract class EndpointOperation(int slot) : SingleOperation<WebhooksUnderTest, WebhooksModel>
{
    protected const string NoTarget = "no target";

    protected int Slot { get; } = slot;

    /// <summary>The endpoint it acted on; null when the slot was empty.</summary>
    protected string? Label { get; private set; }

    protected sealed override async Task<string> SendAsync(WebhooksUnderTest actual)
    {
        if (actual.Slot(Slot) is not var (label, id))
        {
            return NoTarget;
        }

        Label = label;
        return await SendToAsync(actual, label, id);
    }

    protected sealed override string Decide(WebhooksModel model, string actual) =>
        Label is null ? NoTarget : Decide(model, model.Find(Label), actual);

    protected abstract Task<string> SendToAsync(WebhooksUnderTest actual, string label, string id);

    /// <param name="endpoint">The endpoint as the model has it at this point; null when it does not exist (yet, or any more).</param>
    protected abstract string Decide(WebhooksModel model, ModelEndpoint? endpoint, string actual);

    /// <summary>An endpoint answer: the endpoint as shown, and the secret where the answer carries one.</summary>
    internal static async Task<string> EndpointAnswerAsync(WebhooksUnderTest actual, HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(response);
        if (IsInFlight(response))
        {
            return InFlight;
        }

        if (!response.IsSuccessStatusCode)
        {
            return Code(response);
        }

        var webhook = await ApiUnderTest.JsonAsync(response);
        return $"{Code(response)} {actual.View(webhook)}" + (webhook.TryGetProperty("secret", out _) ? $" secret={actual.Secret(webhook)}" : "");
    }

    protected static string TypesJson(IReadOnlyList<string>? types) => JsonSerializer.Serialize(types);
}

/// <summary>
/// POST an endpoint (labelled by the operation, in its URL), with some types and perhaps a description, perhaps
/// under an Idempotency-Key, sent once, retried or raced: 201 with its secret, or 409 at the owner's limit.
/// </summary>
internal sealed class CreateWebhook(IReadOnlyList<string>? types, string? description, string? key, Repeat repeat)
    : KeyedOperation<WebhooksUnderTest, WebhooksModel>(key, repeat)
{
    private static int _created;

    // Unique to the operation, however CsCheck shrinks its numbers: two creates never share a label or a body.
    private readonly string _label = $"c{Interlocked.Increment(ref _created)}";

    protected override async Task<string> SendAsync(WebhooksUnderTest actual)
    {
        var body = new Dictionary<string, object?>(StringComparer.Ordinal) { ["url"] = actual.Url(_label, "0") };
        if (types is not null)
        {
            body["types"] = types;
        }

        if (description is not null)
        {
            body["description"] = description;
        }

        using var response = await actual.SendAsync(HttpMethod.Post, WebhooksUnderTest.Path, JsonSerializer.Serialize(body), Key);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            actual.Register(_label, (await ApiUnderTest.JsonAsync(response)).Id());
        }

        return await EndpointOperation.EndpointAnswerAsync(actual, response);
    }

    protected override KeyedAnswer Decide(WebhooksModel model, string actual)
    {
        if (model.Count >= Grains.Webhooks.WebhookLimits.EndpointsPerOwner)
        {
            return "409";
        }

        var endpoint = new ModelEndpoint(_label, WebhookView.TypesText(types)) { Description = description, Secret = Answers.Value(actual, "secret") ?? "?" };
        model.Endpoints.Add(endpoint);
        // The replay is the first answer, secret included.
        return $"201 {endpoint.View} secret={endpoint.Secret}";
    }

    public override string ToString() =>
        $"CreateWebhook({_label} types={WebhookView.TypesText(types)}{(description is null ? "" : " " + description)}{Suffix})";
}

/// <summary>What a PUT changes: each field set is sent, at least one; a URL may be one the API refuses (400, nothing changed).</summary>
internal sealed record WebhookChange(string? UrlVersion, bool BadUrl, bool SetsTypes, IReadOnlyList<string>? Types, bool SetsDescription, string? Description, bool? Enabled)
{
    public string Json(WebhooksUnderTest actual, string label)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var body = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (BadUrl)
        {
            body["url"] = "http://user:secret@127.0.0.1/hooks";
        }
        else if (UrlVersion is not null)
        {
            body["url"] = actual.Url(label, UrlVersion);
        }

        if (SetsTypes)
        {
            body["types"] = Types;
        }

        if (SetsDescription)
        {
            body["description"] = Description;
        }

        if (Enabled is { } enabled)
        {
            body["enabled"] = enabled;
        }

        return JsonSerializer.Serialize(body);
    }

    public override string ToString() =>
        string.Join(" ", new[]
        {
            BadUrl ? "url=bad" : UrlVersion is null ? null : $"url={UrlVersion}", SetsTypes ? $"types={WebhookView.TypesText(Types)}" : null,
            SetsDescription ? $"desc={Description ?? "null"}" : null, Enabled is { } e ? (e ? "enable" : "disable") : null,
        }.Where(p => p is not null));
}

/// <summary>PUT an endpoint: URL, types, description, enabled; a refused URL is a 400 whether or not the endpoint is there.</summary>
internal sealed class UpdateWebhook(int slot, WebhookChange change) : EndpointOperation(slot)
{
    protected override async Task<string> SendToAsync(WebhooksUnderTest actual, string label, string id)
    {
        using var response = await actual.SendAsync(HttpMethod.Put, $"{WebhooksUnderTest.Path}/{id}", change.Json(actual, label));
        return await EndpointAnswerAsync(actual, response);
    }

    protected override string Decide(WebhooksModel model, ModelEndpoint? endpoint, string actual)
    {
        if (change.BadUrl)
        {
            return "400";
        }

        if (endpoint is null)
        {
            return "404";
        }

        endpoint.UrlVersion = change.UrlVersion ?? endpoint.UrlVersion;
        endpoint.Types = change.SetsTypes ? WebhookView.TypesText(change.Types) : endpoint.Types;
        endpoint.Description = change.SetsDescription ? change.Description : endpoint.Description;
        endpoint.Enabled = change.Enabled ?? endpoint.Enabled;
        return $"200 {endpoint.View}";
    }

    public override string ToString() => $"UpdateWebhook(#{Slot} {change})";
}

/// <summary>DELETE an endpoint: gone from the list and every read; its deliveries stop.</summary>
internal sealed class DeleteWebhook(int slot) : EndpointOperation(slot)
{
    protected override async Task<string> SendToAsync(WebhooksUnderTest actual, string label, string id)
    {
        using var response = await actual.SendAsync(HttpMethod.Delete, $"{WebhooksUnderTest.Path}/{id}");
        return Code(response);
    }

    protected override string Decide(WebhooksModel model, ModelEndpoint? endpoint, string actual)
    {
        if (endpoint is null)
        {
            return "404";
        }

        endpoint.Exists = false;
        return "200";
    }

    public override string ToString() => $"DeleteWebhook(#{Slot})";
}

/// <summary>POST rotate-secret: a new secret, shown in this answer only.</summary>
internal sealed class RotateSecret(int slot) : EndpointOperation(slot)
{
    protected override async Task<string> SendToAsync(WebhooksUnderTest actual, string label, string id)
    {
        using var response = await actual.SendAsync(HttpMethod.Post, $"{WebhooksUnderTest.Path}/{id}/rotate-secret");
        return await EndpointAnswerAsync(actual, response);
    }

    protected override string Decide(WebhooksModel model, ModelEndpoint? endpoint, string actual)
    {
        if (endpoint is null)
        {
            return "404";
        }

        var secret = Answers.Value(actual, "secret") ?? "?";
        endpoint.Secret = secret == endpoint.Secret ? "(a new secret)" : secret;
        return $"200 {endpoint.View} secret={endpoint.Secret}";
    }

    public override string ToString() => $"RotateSecret(#{Slot})";
}

/// <summary>
/// POST redeliver of the set-up event (202 where the endpoint exists and was delivered it) or of an event it never
/// saw (404); each accepted one is sent once more, later, and counted at the end.
/// </summary>
internal sealed class Redeliver(int slot, bool known) : EndpointOperation(slot)
{
    protected override async Task<string> SendToAsync(WebhooksUnderTest actual, string label, string id)
    {
        var eventId = known ? actual.SetUpEvent ?? WebhooksUnderTest.UnknownEvent : WebhooksUnderTest.UnknownEvent;
        using var response = await actual.SendAsync(HttpMethod.Post, $"{WebhooksUnderTest.Path}/{id}/redeliver", JsonSerializer.Serialize(new { eventId }));
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            actual.Accepted(label);
            if ((await ApiUnderTest.JsonAsync(response)).GetProperty("eventId").GetString() != eventId)
            {
                actual.Violations.Enqueue($"a redelivery of {eventId} to {label} was accepted for another event");
            }
        }

        return Code(response);
    }

    protected override string Decide(WebhooksModel model, ModelEndpoint? endpoint, string actual)
    {
        if (endpoint is null || !known || !endpoint.ReceivesSetUpEvent)
        {
            return "404";
        }

        endpoint.Redelivered++;
        return "202";
    }

    public override string ToString() => $"Redeliver(#{Slot} {(known ? "set-up event" : "unknown event")})";
}

/// <summary>
/// GET an endpoint, or its deliveries (whose content changes on its own as redeliveries go out: checked for what
/// holds at any time, <see cref="WebhooksUnderTest.DeliveriesAsync"/>, while the model decides only 200 or 404).
/// </summary>
internal sealed class ReadWebhook(int slot, bool deliveries) : EndpointOperation(slot)
{
    protected override async Task<string> SendToAsync(WebhooksUnderTest actual, string label, string id)
    {
        if (deliveries)
        {
            return await actual.DeliveriesAsync(id) is null ? "404" : "200";
        }

        using var response = await actual.SendAsync(HttpMethod.Get, $"{WebhooksUnderTest.Path}/{id}");
        return await EndpointAnswerAsync(actual, response);
    }

    protected override string Decide(WebhooksModel model, ModelEndpoint? endpoint, string actual) =>
        endpoint is null ? "404" : deliveries ? "200" : $"200 {endpoint.View}";

    public override string ToString() => $"{(deliveries ? "Deliveries" : "GetWebhook")}(#{Slot})";
}

/// <summary>GET the owner's endpoints: all of them, oldest first, without secrets.</summary>
internal sealed class ListWebhooks : SingleOperation<WebhooksUnderTest, WebhooksModel>
{
    protected override async Task<string> SendAsync(WebhooksUnderTest actual)
    {
        using var response = await actual.SendAsync(HttpMethod.Get, WebhooksUnderTest.Path);
        return $"200 [{string.Join("; ", (await ApiUnderTest.JsonAsync(response)).GetProperty("data").EnumerateArray().Select(actual.View))}]";
    }

    protected override string Decide(WebhooksModel model, string actual) => model.Listed();

    public override string ToString() => "ListWebhooks";
}

/// <summary>Deactivates the owner's endpoints grain, or an endpoint's deliveries grain: the next call reads its state back from storage.</summary>
internal sealed class DeactivateWebhooks(int slot, bool deliveries) : ModelOperation<WebhooksUnderTest, WebhooksModel>
{
    public override async Task RunAsync(WebhooksUnderTest actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (!deliveries)
        {
            await actual.DeactivateWebhookGrainAsync(id: null);
        }
        else if (actual.Slot(slot) is var (_, id))
        {
            await actual.DeactivateWebhookGrainAsync(id);
        }
    }

    public override void Apply(WebhooksModel model)
    {
    }

    public override string ToString() => deliveries ? $"DeactivateDeliveries(#{slot})" : "DeactivateEndpoints";
}
