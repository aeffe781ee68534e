using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runtype.Grains;
using Runtype.Grains.Webhooks;
using Runtype.Testing;

namespace Runtype.Api.Tests.Model.Webhooks;

/// <summary>
/// The real side of the webhooks model test: the endpoints of an owner that only this test uses, whose URLs point
/// at a receiver on loopback and carry the sample and the endpoint's label in their query. Samples run one after
/// another, and each starts by deleting what the one before left, so the owner's whole list, and its limit of
/// <see cref="WebhookLimits.EndpointsPerOwner"/>, is the sample's own.
/// </summary>
/// <remarks>
/// Operations name an endpoint by a slot of the sample's labels (its starting endpoints, then those its creates
/// registered, in the order their answers arrived); a label is registered with its id only after the create that
/// made it answered, so, as for conversations, every order consistent with real time has the create first.
/// The set-up event is delivered to the starting endpoints that take it before any operation runs, so a redelivery
/// of it is accepted exactly where the model says; what a redelivery then sends happens later, on its own, and is
/// checked at the end: each endpoint that is enabled by then shows one attempt more per accepted redelivery.
/// </remarks>
internal sealed class WebhooksUnderTest : ApiUnderTest
{
    public const string Path = "/v1/messaging/webhooks";

    /// <summary>An event id of the right shape that no endpoint ever saw.</summary>
    public const string UnknownEvent = "evt_01JAAAAAAAAAAAAAAAAAAAAAAA";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static int _samples;

    private readonly WebhookReceiver _receiver;
    private readonly WebhookStart _start;
    private readonly List<(string Label, string Id)> _targets = [];
    private readonly ConcurrentDictionary<string, string> _ids = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _accepted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _receiving = new(StringComparer.Ordinal);
    private readonly Lazy<WebhooksFinal> _final;

    public WebhooksUnderTest(ApiFactory factory, HttpClient client, string owner, WebhookReceiver receiver, WebhookStart start)
        : base(factory, client, owner)
    {
        _receiver = receiver;
        _start = start;
        Sample = string.Create(CultureInfo.InvariantCulture, $"whm{Interlocked.Increment(ref _samples)}-{Guid.NewGuid().ToString("N")[..8]}");
        _final = new Lazy<WebhooksFinal>(() => ReadFinalAsync().GetAwaiter().GetResult(), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Sample { get; }

    /// <summary>The id of the set-up event; null when no starting endpoint takes it (then none was made).</summary>
    public string? SetUpEvent { get; private set; }

    public WebhooksFinal Final => _final.Value;

    /// <summary>The target URL of the endpoint labelled <paramref name="label"/>, at a version.</summary>
    public string Url(string label, string version) => $"{_receiver.Url}?s={Sample}&t={label}&v={version}";

    public void Register(string label, string id, bool target = true)
    {
        if (_ids.TryAdd(label, id) && target)
        {
            lock (_targets)
            {
                _targets.Add((label, id));
            }
        }
    }

    /// <summary>The endpoint in slot <paramref name="slot"/>, or null while there is none.</summary>
    public (string Label, string Id)? Slot(int slot)
    {
        lock (_targets)
        {
            return slot < _targets.Count ? _targets[slot] : null;
        }
    }

    /// <summary>Counts a redelivery the API accepted.</summary>
    public void Accepted(string label) => _accepted.AddOrUpdate(label, 1, (_, n) => n + 1);

    protected override string ScopedKey(string key) => $"{Sample}-{key}";

    /// <summary>An endpoint as an answer shows it, checked to name the id its label was registered with.</summary>
    public WebhookView View(JsonElement webhook)
    {
        var view = WebhookView.From(webhook, Sample);
        if (_ids.TryGetValue(view.Label, out var id) && id != webhook.GetProperty("id").GetString())
        {
            Violations.Enqueue($"{view.Label} was registered as {id} but an answer shows it as {webhook}");
        }

        return view;
    }

    /// <summary>The secret of a create or rotate answer, checked for its shape.</summary>
    public string Secret(JsonElement webhook)
    {
        var secret = webhook.GetProperty("secret").GetString()!;
        if (!System.Text.RegularExpressions.Regex.IsMatch(secret, "^whsec_[A-Za-z0-9_-]{43,}$"))
        {
            Violations.Enqueue($"a secret of the wrong shape: {secret}");
        }

        return secret;
    }

    /// <summary>The endpoint's recorded attempts, newest first, checked to be of the set-up event only, delivered, numbered 1..n, all but the first redeliveries.</summary>
    public async Task<IReadOnlyList<JsonElement>?> DeliveriesAsync(string id)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{Path}/{id}/deliveries");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var deliveries = (await JsonAsync(response)).GetProperty("data").EnumerateArray().ToList();
        var attempts = deliveries.Select(d => d.GetProperty("attempt").GetInt32()).Reverse();
        if (deliveries.Any(d => d.GetProperty("eventId").GetString() != SetUpEvent || d.GetProperty("outcome").GetString() != "delivered"
                || d.GetProperty("redelivery").GetBoolean() != (d.GetProperty("attempt").GetInt32() > 1))
            || !attempts.SequenceEqual(Enumerable.Range(1, deliveries.Count)))
        {
            Violations.Enqueue($"deliveries of {id} are not the set-up event's first delivery and its redeliveries: {string.Join(", ", deliveries)}");
        }

        return deliveries;
    }

    protected override async Task SetUpAsync()
    {
        // What the sample before left (it ran to the end before this one began).
        using (var listed = await SendAsync(HttpMethod.Get, Path))
        {
            foreach (var webhook in (await listed.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray())
            {
                using var deleted = await SendAsync(HttpMethod.Delete, $"{Path}/{webhook.Id()}");
            }
        }

        foreach (var (label, types) in _start.Endpoints())
        {
            var filler = label.StartsWith('f');
            var typeList = filler ? WebhookStart.FillerTypes : _start.Initial[int.Parse(label[1..], CultureInfo.InvariantCulture)];
            using var created = await SendAsync(HttpMethod.Post, Path, JsonSerializer.Serialize(new { url = Url(label, "0"), types = typeList }));
            Register(label, (await created.ExpectJsonAsync(HttpStatusCode.Created)).Id(), target: !filler);
            if (WebhookStart.Receives(types))
            {
                _receiving.Add(label);
            }
        }

        if (_receiving.Count == 0)
        {
            return;
        }

        using (var conversation = await SendAsync(HttpMethod.Post, ApiClientExtensions.Conversations, """{"surfaceId":"webhook-model"}"""))
        {
            var id = (await conversation.ExpectJsonAsync(HttpStatusCode.Created)).Id();
            SetUpEvent = (await SettledEventsAsync(id, version: 1))[0].GetProperty("id").GetString();
        }

        foreach (var label in _receiving)
        {
            await WaitForAttemptsAsync(_ids[label], 1);
        }
    }

    /// <summary>Waits until the endpoint shows <paramref name="count"/> attempts (or more); what it shows then.</summary>
    private async Task<int> WaitForAttemptsAsync(string id, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var shown = (await DeliveriesAsync(id))?.Count ?? 0;
            if (shown >= count || DateTime.UtcNow > deadline)
            {
                return shown;
            }

            await Task.Delay(20);
        }
    }

    private async Task<WebhooksFinal> ReadFinalAsync()
    {
        await ReadyAsync();
        using var listed = await SendAsync(HttpMethod.Get, Path);
        var list = $"200 [{string.Join("; ", (await JsonAsync(listed)).GetProperty("data").EnumerateArray().Select(View))}]";
        var endpoints = new Dictionary<string, string>(StringComparer.Ordinal);
        var attempts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (label, id) in _ids.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            using var read = await SendAsync(HttpMethod.Get, $"{Path}/{id}");
            if (read.StatusCode != HttpStatusCode.OK)
            {
                endpoints[label] = ((int)read.StatusCode).ToString(CultureInfo.InvariantCulture);
                continue;
            }

            var view = View(await JsonAsync(read));
            endpoints[label] = $"200 {view}";
            if (_receiving.Contains(label))
            {
                // An enabled endpoint sends each accepted redelivery, soon: wait for them all. A disabled one keeps them.
                // A deliveries grain deactivated with redeliveries to send sends them at its reminder's next tick
                // (Webhooks:WakeEvery, a minute): the wake-up here stands in for that tick.
                if (view.Enabled)
                {
                    await Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IWebhookDeliveryGrain>(GrainKeys.Compose(Owner, id)).Wake();
                }

                // Redeliveries of one event asked for while one of them waits are that one (Webhooks:MaxWaitingRedeliveries):
                // at least one is sent, at most one per accepted request (the model's range).
                attempts[label] = view.Enabled
                    ? await WaitForAttemptsAsync(id, 1 + Math.Min(1, _accepted.GetValueOrDefault(label)))
                    : (await DeliveriesAsync(id))?.Count ?? 0;
            }
        }

        return new WebhooksFinal(list, endpoints, attempts, [.. Violations]);
    }

    public override string ToString() => _final.IsValueCreated ? $"{Sample} {_start}: {Final}" : $"{Sample} {_start} (not read)";

    /// <summary>Deactivates the owner's endpoints grain, or one endpoint's deliveries grain, so it reads its state back from storage.</summary>
    public Task DeactivateWebhookGrainAsync(string? id) =>
        id is null ? DeactivateAsync<IWebhooksGrain>(Owner) : DeactivateAsync<IWebhookDeliveryGrain>(GrainKeys.Compose(Owner, id));
}

/// <summary>The owner's endpoints as read after the operations: the list, each labelled endpoint (or its 404), and each starting endpoint's attempts.</summary>
internal sealed record WebhooksFinal(
    string List, IReadOnlyDictionary<string, string> Endpoints, IReadOnlyDictionary<string, int> Attempts, IReadOnlyList<string> Violations)
{
    public override string ToString() =>
        $"list={List} endpoints=[{string.Join("; ", Endpoints.Select(e => $"{e.Key}: {e.Value}"))}] "
        + $"attempts=[{string.Join(", ", Attempts.Select(a => $"{a.Key}={a.Value}"))}]"
        + (Violations.Count > 0 ? $" VIOLATIONS: {string.Join(" | ", Violations)}" : "");
}
