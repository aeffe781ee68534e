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

        Assert.True(window.TryPage(new MessageQuery(10, Descending: true), 3, out var before, out _));
        Assert.Equal([3L, 2, 1], before.Select(m => m.Position));

        window.Append(At(4));
        Assert.True(window.TryPage(new MessageQuery(10, Descending: true), 4, out var after, out var rendered));
        Assert.Equal([4L, 3, 2, 1], after.Select(m => m.Position));
        Assert.Equal(after.Select(m => WireValues.RenderUtf8(m, MessageJson.Write)), rendered);
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
