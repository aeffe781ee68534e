using CsCheck;
using Runtype.Api.Tests.Model.Webhooks;
using Runtype.Testing;
using Xunit.Abstractions;
using ModelCheck = Runtype.Api.Tests.Model.ModelCheck;
using WebhookOperation = Runtype.Api.Tests.Model.ModelOperation<Runtype.Api.Tests.Model.Webhooks.WebhooksUnderTest, Runtype.Api.Tests.Model.Webhooks.WebhooksModel>;

namespace Runtype.Api.Tests;

/// <summary>
/// Model-based parallel tests of an owner's webhook endpoints, through the real HTTP pipeline, grains and grain
/// storage: registering them (under Idempotency-Keys sent once, retried and raced, up to the owner's limit),
/// changing, deleting, reading and listing them, rotating their secrets and asking for a redelivery of an event
/// they were sent. The targets are a receiver on loopback (insecure targets on, as in Development), so a redelivery
/// really goes out and is counted at the end. CsCheck runs a few operations in order, then several at once on four
/// threads, and checks every answer, the end state of every endpoint and the list, and the redeliveries sent,
/// against some one-at-a-time order on <see cref="WebhooksModel"/>. A failure is shrunk and printed with its seed
/// (<c>RUNTYPE_MODEL_SEED</c>); the run takes <c>RUNTYPE_MODEL_SECONDS</c> (default 20).
/// </summary>
[Collection(InsecureWebhooksCollection.Name)]
public sealed class WebhooksModelTests(InsecureWebhooksApiFactory factory, ITestOutputHelper output)
{
    private static readonly IReadOnlyList<string>?[] Types = [null, ["conversation.created"], ["message.created"], ["conversation.created", "conversation.deleted"]];

    [Fact]
    public async Task Concurrent_operations_on_an_owners_webhooks_are_linearizable_against_the_sequential_model()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (client, owner) = factory.NewOwner();
        using (client)
        {
            // Fillers bring the owner to 18, 19 or 20 endpoints in one sample in eight: its limit is in reach. Not more
            // often: registering twenty endpoints, and deleting them in the next sample, costs a second on PostgreSQL.
            var start = Gen.Select(Gen.Int[0, 3].Array[0, 2], Gen.Int[0, 23], (types, fill) => new WebhookStart([.. types.Select(t => Types[t])], fill < 21 ? 0 : fill - 3));
            var initial = start.Select(s => (new WebhooksUnderTest(factory, client, owner, receiver, s), new WebhooksModel(s)));
            await Task.Run(() => ModelCheck.Run(initial, Operations(), Agrees, output, defaultSeconds: 20));
        }
    }

    private static GenOperation<WebhooksUnderTest, WebhooksModel>[] Operations()
    {
        var slot = Gen.Int[0, 4];
        var tag = Gen.Int[0, 999_999];
        var types = Gen.Int[0, 3].Select(t => Types[t]);

        Gen<WebhookOperation> create = Gen.Select(types, Gen.Int[0, 2], tag, ModelCheck.Keys,
            (t, d, n, k) => (WebhookOperation)new CreateWebhook(t, d == 0 ? $"d{n}" : null, k.Key, k.Repeat));
        var change = Gen.Select(Gen.Int[0, 5], types, Gen.Int[0, 2], Gen.Int[0, 3], Gen.Int[0, 3], tag,
            (url, t, setsTypes, desc, enabled, n) => new WebhookChange(
                url is 1 or 2 ? $"u{n}" : null, url == 3,
                setsTypes == 0, t,
                desc < 2, desc == 0 ? $"e{n}" : null,
                enabled switch { 0 => false, 1 => true, _ => null }))
            .Select(c => c is { UrlVersion: null, BadUrl: false, SetsTypes: false, SetsDescription: false, Enabled: null } ? c with { Enabled = false } : c);
        Gen<WebhookOperation> update = Gen.Select(slot, change, (s, c) => (WebhookOperation)new UpdateWebhook(s, c));
        Gen<WebhookOperation> deleteOrRotate = Gen.Select(slot, Gen.Int[0, 2], (s, n) => n == 0 ? (WebhookOperation)new DeleteWebhook(s) : new RotateSecret(s));
        Gen<WebhookOperation> redeliver = Gen.Select(slot, Gen.Int[0, 3], (s, n) => (WebhookOperation)new Redeliver(s, known: n > 0));
        Gen<WebhookOperation> read = Gen.Select(slot, Gen.Int[0, 5], (s, n) => n switch
        {
            0 or 1 => (WebhookOperation)new ReadWebhook(s, deliveries: n == 1),
            2 or 3 => new ListWebhooks(),
            _ => new DeactivateWebhooks(s, deliveries: n == 5),
        });

        return [.. new[] { create, create, update, update, deleteOrRotate, redeliver, redeliver, read }.Select(Operation)];
    }

    private static GenOperation<WebhooksUnderTest, WebhooksModel> Operation(Gen<WebhookOperation> gen) =>
        ModelCheck.Operation<WebhooksUnderTest, WebhooksModel, WebhookOperation>(gen);

    /// <summary>
    /// Every answer was the model's; the list and every endpoint the sample labelled are the model's at the end; and
    /// each starting endpoint that was sent the set-up event shows at most one attempt more per redelivery the model
    /// accepted, and at least one when it accepted any (asked again while it waits, an event is one redelivery; a
    /// disabled endpoint may still hold it back).
    /// </summary>
    private static bool Agrees(WebhooksUnderTest actual, WebhooksModel model)
    {
        var final = actual.Final;
        if (!model.Settled() || final.Violations.Count > 0 || final.List != model.Listed())
        {
            return false;
        }

        if (!model.Endpoints.Select(e => e.Label).ToHashSet(StringComparer.Ordinal).SetEquals(final.Endpoints.Keys))
        {
            return false;
        }

        foreach (var endpoint in model.Endpoints)
        {
            if (final.Endpoints[endpoint.Label] != (endpoint.Exists ? $"200 {endpoint.View}" : "404"))
            {
                return false;
            }

            if (endpoint is { Exists: true, ReceivesSetUpEvent: true }
                && !(final.Attempts.TryGetValue(endpoint.Label, out var attempts)
                    && attempts >= 1 + (endpoint.Enabled ? Math.Min(1, endpoint.Redelivered) : 0) && attempts <= 1 + endpoint.Redelivered))
            {
                return false;
            }
        }

        return true;
    }
}
