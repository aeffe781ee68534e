using Runtype.Grains.Conversations;
using Runtype.Grains.Wire;

namespace Runtype.Grains.Tests;

/// <summary>
/// The window of a conversation's latest messages against the race that listed one message twice: a listing reads the
/// store while an append's commit is in flight, so the read can already hold the message the append then adds.
/// </summary>
public sealed class RecentMessagesTests
{
    [Fact]
    public void A_load_that_already_saw_an_append_in_flight_does_not_list_it_twice_when_the_append_lands()
    {
        var window = new RecentMessages(128);
        // The grain has applied 3 messages; the store already holds the 4th, whose commit has not returned yet.
        window.Load([At(4), At(3), At(2), At(1)], upTo: 3);

        Assert.True(window.TryPage(new MessageQuery(10, Descending: true), 3, out var before, out var first));
        Assert.Equal(3, first);
        Assert.Equal(["m3", "m2", "m1"], before.Select(json => MessageJson.Read(json, 0).Content));

        var fourth = At(4);
        window.Append(fourth);
        Assert.True(window.TryPage(new MessageQuery(10, Descending: true), 4, out var after, out first));
        Assert.Equal(4, first);
        Assert.Equal(["m4", "m3", "m2", "m1"], after.Select(json => MessageJson.Read(json, 0).Content));
        Assert.Equal(WireValues.RenderUtf8(fourth, MessageJson.Write), after[0]);
    }

    [Fact]
    public void A_held_message_reads_back_equal_to_the_one_appended_and_a_redaction_replaces_it()
    {
        var window = new RecentMessages(128);
        window.Load([], upTo: 0);
        var tricky = At(1) with
        {
            Content = "quote \" \\ tab \t line \n <b>&amp; é 😀 \u2028",
            ExternalMessageId = "ext-1",
            FlowStepResultId = "flow-1",
            Metadata = """{"a":[1,2,{"b":null}],"c":"d"}""",
            Role = MessageRole.Assistant,
            Direction = MessageDirection.Outbound,
        };
        window.Append(tricky);
        window.Append(At(2));

        Assert.Equal(tricky, window.Find(tricky.Id));
        Assert.Null(window.Find(Identifiers.NewMessageId()));

        var redacted = tricky with { Content = "", Metadata = "{}", RedactedAt = tricky.CreatedAt.AddMinutes(1) };
        window.Replace(redacted);
        Assert.Equal(redacted, window.Find(tricky.Id));
        Assert.True(window.TryPage(new MessageQuery(10, Descending: false), 2, out var page, out var first));
        Assert.Equal(1, first);
        Assert.Equal(redacted, MessageJson.Read(page[0], first));
    }

    [Fact]
    public void A_held_delivery_reads_back_as_appended_and_a_recorded_one_replaces_it()
    {
        var window = new RecentMessages(128);
        window.Load([], upTo: 0);
        var pending = At(1) with { Direction = MessageDirection.Outbound, Delivery = new MessageDelivery { Status = DeliveryStatus.Pending } };
        window.Append(pending);

        Assert.Equal(pending, window.Find(pending.Id));

        var failed = pending with
        {
            Delivery = new MessageDelivery
            {
                Status = DeliveryStatus.Failed, Attempts = 4, LastError = "451 \"try\" later \n 😀", SentAt = new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc),
            },
        };
        window.Replace(failed);
        Assert.Equal(failed, window.Find(pending.Id));
    }

    [Fact]
    public void A_window_that_does_not_reach_the_committed_count_answers_nothing_and_a_gap_empties_it()
    {
        var window = new RecentMessages(128);
        window.Load([At(2), At(1)], upTo: 3);
        Assert.False(window.IsLoaded);

        window.Load([At(2), At(1)], upTo: 2);
        Assert.False(window.TryPage(new MessageQuery(10, Descending: false), 3, out _, out _));

        window.Append(At(4));
        Assert.False(window.IsLoaded);
    }

    private static Message At(long position) => new()
    {
        Id = Identifiers.NewMessageId(),
        ConversationId = "conv_01ARZ3NDEKTSV4RRFFQ69G5FAV",
        Position = position,
        Role = MessageRole.User,
        Direction = MessageDirection.Inbound,
        Content = $"m{position}",
        Metadata = "{}",
        CreatedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(position),
    };
}
