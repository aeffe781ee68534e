using CsCheck;
using Runtype.Api.Tests.Model.Owner;
using Xunit.Abstractions;
using ModelCheck = Runtype.Api.Tests.Model.ModelCheck;
using OwnerOperation = Runtype.Api.Tests.Model.ModelOperation<Runtype.Api.Tests.Model.Owner.OwnerUnderTest, Runtype.Api.Tests.Model.Owner.OwnerModel>;

namespace Runtype.Api.Tests;

/// <summary>
/// Model-based parallel tests of an owner's conversations and surfaces, through the real HTTP pipeline, grains and
/// store: creating conversations (on external threads from a small pool, under Idempotency-Keys sent once, retried
/// and raced), updating them (status, subject, thread, surface, with and without If-Match), deleting them, posting to
/// them, getting them and listing them (surface, status and thread filters, limits, pages forward and back), and
/// registering and reading the surfaces they show. Each sample works on two surfaces of its own
/// (<see cref="OwnerUnderTest"/>); CsCheck runs a few operations in order, then several at once on four threads, and
/// checks every answer, every conversation's end state and event feed, and every listing of the two surfaces
/// against some one-at-a-time order on <see cref="OwnerModel"/>. A failure is shrunk and printed with its seed
/// (<c>RUNTYPE_MODEL_SEED</c>); the run takes <c>RUNTYPE_MODEL_SECONDS</c> (default 20).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OwnerConversationsModelTests(ApiFactory factory, ITestOutputHelper output)
{
    private static readonly string?[] Statuses = ["open", "closed", "archived"];
    private static readonly int[] Limits = [1, 2, 100];

    [Fact]
    public void Concurrent_operations_on_an_owners_conversations_are_linearizable_against_the_sequential_model()
    {
        using var client = factory.ClientFor();
        var initial = Gen.Const(0).Select(_ => (new OwnerUnderTest(factory, client), new OwnerModel()));
        ModelCheck.Run(initial, Operations(), Agrees, output, defaultSeconds: 20);
    }

    private static GenOperation<OwnerUnderTest, OwnerModel>[] Operations()
    {
        var tag = Gen.Int[0, 999_999_999];
        // Mostly the first surface, so threads and listings meet; the second is where conversations move to.
        var surface = Gen.Int[0, 3].Select(n => n < 3 ? "s0" : "s1");
        var thread = Gen.Int[0, 4].Select(n => n < 3 ? $"x{n}" : null);
        var createStatus = Gen.Int[0, 5].Select(n => n switch { 4 => "closed", 5 => "archived", _ => null });
        var target = Gen.Int[0, 4].SelectMany(n => n < 4
            ? Gen.Const(new Target(n))
            : Gen.Select(surface, Gen.Int[0, 2], (s, x) => new Target(0, s, $"x{x}")));

        Gen<OwnerOperation> create = Gen.Select(tag, surface, thread, createStatus, ModelCheck.Keys,
            (t, s, x, st, k) => (OwnerOperation)new CreateConversation(t, s, x, st, k.Key, k.Repeat));
        var change = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 5], Gen.Int[0, 5], tag,
            (st, su, th, sf, t) => new ConversationChange(
                st < 3 ? Statuses[st] : null,
                su >= 2, su == 3 ? null : $"u{t}",
                th >= 3, th == 5 ? null : $"x{th - 3}",
                sf switch { 4 => "s0", 5 => "s1", _ => null }))
            .Select(c => c is { Status: null, SetsSubject: false, SetsThread: false, Surface: null } ? c with { Status = "open" } : c);
        Gen<OwnerOperation> update = Gen.Select(target, change, Gen.Int[0, 3], (g, c, m) => (OwnerOperation)new UpdateConversation(g, c, ifMatch: m == 0));
        Gen<OwnerOperation> delete = Gen.Select(target, Gen.Int[0, 2], (g, m) => (OwnerOperation)new DeleteConversation(g, ifMatch: m == 0));
        Gen<OwnerOperation> getOrPost = Gen.Select(target, tag, Gen.Bool, (g, t, get) => get ? (OwnerOperation)new GetConversation(g) : new PostMessage(g, t));
        Gen<OwnerOperation> list = Gen.Select(surface, Gen.Int[0, 5], Gen.Int[0, 5], Gen.Int[0, 2], Gen.Int[0, 2],
            (s, st, x, l, p) => (OwnerOperation)new ListConversations(s, st < 3 ? Statuses[st] : null, x < 3 ? $"x{x}" : null, Limits[l], (Paging)p));
        Gen<OwnerOperation> surfaces = Gen.Select(Gen.Int[0, 1], tag, Gen.Bool, Gen.Int[0, 3], Gen.Int[0, 3],
            (s, t, email, close, get) => get == 0
                ? (OwnerOperation)new GetSurface(OwnerModel.SurfaceNames[s])
                : new PutSurface(OwnerModel.SurfaceNames[s], t, email ? "email" : "sms", close == 1 ? "P7D" : null, setsCloseAfter: close > 0));
        Gen<OwnerOperation> read = Gen.Select(Gen.Int[0, 2], target, (kind, g) => (OwnerOperation)new OwnerRead(kind, g));

        return [.. new[] { create, create, create, update, update, delete, getOrPost, list, list, surfaces, read }.Select(Operation)];
    }

    private static GenOperation<OwnerUnderTest, OwnerModel> Operation(Gen<OwnerOperation> gen) =>
        ModelCheck.Operation<OwnerUnderTest, OwnerModel, OwnerOperation>(gen);

    /// <summary>
    /// Every answer was the model's; every conversation a create answered is, at the end, what the model has (or a
    /// 404 where the model deleted it), with the model's event feed; every listing of the two surfaces, whole and by
    /// status, is the model's, totals included; and every event feed read on the way was a prefix of the final one.
    /// </summary>
    private static bool Agrees(OwnerUnderTest actual, OwnerModel model)
    {
        var final = actual.Final;
        if (!model.Settled() || final.Violations.Count > 0)
        {
            return false;
        }

        var ids = model.Conversations.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        if (!ids.SetEquals(final.Conversations.Keys))
        {
            return false;
        }

        foreach (var conversation in model.Conversations)
        {
            var expected = conversation.Exists ? $"200 {conversation.Detail(model)}" : "404";
            if (final.Conversations[conversation.Id] != expected || !final.Events[conversation.Id].SequenceEqual(conversation.Events, StringComparer.Ordinal))
            {
                return false;
            }
        }

        if (actual.EventReads.Any(read => read.Events.Count > final.Events[read.Id].Count
            || !final.Events[read.Id].Take(read.Events.Count).SequenceEqual(read.Events, StringComparer.Ordinal)))
        {
            return false;
        }

        return OwnerModel.SurfaceNames.All(surface => OwnerModel.StatusFilters.All(status =>
            final.Lists[$"{surface}/{status ?? "*"}"] == model.Listed(surface, status)));
    }
}
