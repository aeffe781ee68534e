using CsCheck;
using Runtype.Api.Tests.Model;
using Xunit.Abstractions;
using ModelOperation = Runtype.Api.Tests.Model.ModelOperation<Runtype.Api.Tests.Model.ConversationUnderTest, Runtype.Api.Tests.Model.ConversationModel>;

namespace Runtype.Api.Tests;

/// <summary>
/// Model-based parallel tests of every operation that writes or reads a conversation, through the real HTTP pipeline,
/// grains and store (memory, or the store <c>RUNTYPE_TEST_STORAGE</c> names; the email sender's RecordDelivery, which
/// no endpoint offers, calls the grain as the sender does). CsCheck generates a fresh conversation
/// and a random sequence of operations, runs a few in order and then several at once on four threads, and checks that
/// what the API answered and what it holds afterwards is what some one-at-a-time order of the same operations gives on
/// the sequential model (<see cref="ConversationModel"/>). A failure is shrunk to a small case and printed with the
/// seed that generates it again (<c>RUNTYPE_MODEL_SEED</c>). The run takes <c>RUNTYPE_MODEL_SECONDS</c> (default 30).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ConversationModelTests(ApiFactory factory, ITestOutputHelper output)
{
    private static readonly string[] Statuses = ["open", "closed", "archived"];
    private static readonly int[] Limits = [1, 3, 100];

    [Fact]
    public void Concurrent_operations_on_a_conversation_are_linearizable_against_the_sequential_model()
    {
        using var client = factory.ClientFor();
        var initial = Gen.Int[0, 5].Select(messages => (new ConversationUnderTest(factory, client, messages), InitialModel(messages)));

        ModelCheck.Run(initial, Operations(), Agrees, output, defaultSeconds: 30);
    }

    private static ConversationModel InitialModel(int messages)
    {
        var model = new ConversationModel();
        model.Messages.AddRange(ConversationUnderTest.InitialContents(messages).Select(content => new ModelMessage(content, null, Redacted: false)));
        if (messages > 0)
        {
            model.Events.Add("messages.imported");
        }

        return model;
    }

    private static GenOperation<ConversationUnderTest, ConversationModel>[] Operations()
    {
        var tag = Gen.Int[0, 999_999_999];
        var externalId = Gen.Int[0, 5].Select(n => n < 3 ? $"x{n}" : null);
        Gen<ModelOperation> post = Gen.Select(tag, externalId, ModelCheck.Keys, (t, e, k) => (ModelOperation)new PostMessage(t, e, k.Key, k.Repeat));
        Gen<ModelOperation> import = Gen.Select(tag, externalId.Array[1, 3], ModelCheck.Keys, (t, e, k) => (ModelOperation)new ImportMessages(t, e, k.Key, k.Repeat));
        var redact = Gen.Int[1, 8].Select(p => (ModelOperation)new RedactMessage(p));
        var deliver = Gen.Select(Gen.Int[1, 8], Gen.Int[0, RecordDelivery.KindCount - 1], (p, k) => (ModelOperation)new RecordDelivery(p, k));
        var status = Gen.Int[0, 2].Select(n => Statuses[n]).Select(s => (ModelOperation)new SetStatus(s));
        // Deleting ends a conversation's story: one in twelve of these.
        var deleteOrRead = Gen.Int[0, 11].Select(n => n == 0 ? (ModelOperation)new DeleteConversation() : new ReadPage(descending: true, limit: 3));
        var read = Gen.Select(Gen.Bool, Gen.Int[0, 2].Select(n => Limits[n]), (descending, limit) => (ModelOperation)new ReadPage(descending, limit));
        var across = Gen.Int[0, 3].Select(kind => (ModelOperation)new ReadAcross(kind));
        var search = Gen.Const(0).Select(_ => (ModelOperation)new SearchConversation());

        return [.. new[] { post, post, post, import, import, redact, deliver, status, deleteOrRead, read, across, search }.Select(Operation)];
    }

    private static GenOperation<ConversationUnderTest, ConversationModel> Operation(Gen<ModelOperation> gen) =>
        ModelCheck.Operation<ConversationUnderTest, ConversationModel, ModelOperation>(gen);

    /// <summary>The real conversation ended where the model did, and every answer on the way was the model's.</summary>
    private static bool Agrees(ConversationUnderTest actual, ConversationModel model)
    {
        var final = actual.Final;
        if (!model.Settled() || final.Violations.Count > 0 || !final.Events.SequenceEqual(model.Events, StringComparer.Ordinal))
        {
            return false;
        }

        if (actual.EventReads.Any(read => read.Count > final.Events.Count || !final.Events.Take(read.Count).SequenceEqual(read, StringComparer.Ordinal)))
        {
            return false;
        }

        return final.Exists == model.Exists
            && (!final.Exists || (final.Status == model.Status && final.MessageCount == model.Messages.Count && final.Messages.SequenceEqual(model.Messages)));
    }
}
