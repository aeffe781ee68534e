using Runtype.Grains.Conversations;

namespace Runtype.Grains.Tests.Appends;

/// <summary>
/// The append queue's rules, with the store held and released by the test (<see cref="QueuedConversation"/>): which
/// appends one commit carries, in what order, what an exclusive write waits for, and who learns of a failure.
/// </summary>
public sealed class AppendQueueTests
{
    private static readonly string[] Nothing = [];

    [Fact]
    public void Appends_arriving_while_a_commit_is_held_go_together_in_the_next_commit_in_acceptance_order()
    {
        var conversation = new QueuedConversation();
        conversation.Store.Holding = true;
        var first = conversation.Append("a");
        var queued = new[] { conversation.Append("b"), conversation.Append("c"), conversation.Append("d") };

        var write = Assert.Single(conversation.Store.Writes);
        Assert.Equal(["a"], write.Contents);
        Assert.All(queued, append => Assert.False(append.IsCompleted));

        conversation.Release();
        // The first post is answered by its own commit, not after the batch queued behind it.
        Assert.Equal(1, QueuedConversation.AnswerOf(first).Message!.Position);
        Assert.All(queued, append => Assert.False(append.IsCompleted));
        Assert.Equal(["b", "c", "d"], conversation.Store.Writes[1].Contents);

        conversation.Release();
        Assert.Equal([2L, 3L, 4L], queued.Select(append => QueuedConversation.AnswerOf(append).Message!.Position));
        Assert.All(queued, append => Assert.Equal(MessageOutcome.Created, QueuedConversation.AnswerOf(append).Outcome));
        Assert.Equal(["a", "b", "c", "d"], conversation.Stored);
        Assert.Equal(4, conversation.Conversation.Current!.MessageCount);
        Assert.Equal(2, conversation.Wakes);
        Assert.Equal(0, conversation.Store.HeldCount);
    }

    [Fact]
    public void A_lone_append_commits_alone_and_the_queue_is_idle_after_it()
    {
        var conversation = new QueuedConversation();

        Assert.Equal(MessageOutcome.Created, QueuedConversation.AnswerOf(conversation.Append("a")).Outcome);
        Assert.Equal(MessageOutcome.Created, QueuedConversation.AnswerOf(conversation.Append("b")).Outcome);

        Assert.Equal([nameof(HeldStore.AppendAsync), nameof(HeldStore.AppendAsync)], conversation.Store.Writes.Select(w => w.Call));
        Assert.True(conversation.Exclusive().IsCompletedSuccessfully);
    }

    [Fact]
    public void An_exclusive_write_waits_for_the_accepted_appends_and_appends_after_it_wait_for_it()
    {
        var conversation = new QueuedConversation();
        conversation.Store.Holding = true;
        var inFlight = conversation.Append("a");
        var accepted = conversation.Append("b");
        var exclusive = conversation.Exclusive();
        var later = conversation.Append("c");
        Assert.False(exclusive.IsCompleted);

        conversation.Release();
        Assert.Equal(["b"], conversation.Store.Writes[1].Contents);
        Assert.False(exclusive.IsCompleted);

        conversation.Release();
        Assert.Equal(2, QueuedConversation.AnswerOf(accepted).Message!.Position);
        Assert.True(exclusive.IsCompletedSuccessfully);
        Assert.Equal(2, conversation.Store.Writes.Count);
        Assert.False(later.IsCompleted);

        conversation.LetGo(exclusive);
        Assert.Equal(["c"], conversation.Store.Writes[2].Contents);
        conversation.Release();
        Assert.Equal(MessageOutcome.Created, QueuedConversation.AnswerOf(inFlight).Outcome);
        Assert.Equal(3, QueuedConversation.AnswerOf(later).Message!.Position);
    }

    [Fact]
    public void Exclusive_writes_take_turns()
    {
        var conversation = new QueuedConversation();
        var first = conversation.Exclusive();
        var second = conversation.Exclusive();
        Assert.True(first.IsCompletedSuccessfully);
        Assert.False(second.IsCompleted);

        conversation.LetGo(first);
        Assert.True(second.IsCompletedSuccessfully);
        var append = conversation.Append("a");
        Assert.False(append.IsCompleted);
        Assert.Empty(conversation.Store.Writes);

        conversation.LetGo(second);
        Assert.Equal(1, QueuedConversation.AnswerOf(append).Message!.Position);
    }

    [Fact]
    public void A_failed_commit_fails_exactly_the_appends_it_carried()
    {
        var conversation = new QueuedConversation();
        conversation.Store.Holding = true;
        var first = conversation.Append("a");
        var batch = new[] { conversation.Append("b"), conversation.Append("c") };

        var nothingWritten = new StorageUnavailableException(outcomeUnknown: false);
        conversation.Fail(nothingWritten);
        Assert.Same(nothingWritten, QueuedConversation.FailureOf(first));
        Assert.Equal(["b", "c"], conversation.Store.Writes[1].Contents);
        var after = conversation.Append("d");

        var broken = new InvalidOperationException("The link dropped.");
        conversation.Fail(broken);
        Assert.All(batch, append => Assert.Same(broken, QueuedConversation.FailureOf(append)));
        Assert.Equal(["d"], conversation.Store.Writes[2].Contents);

        conversation.Release();
        Assert.Equal(1, QueuedConversation.AnswerOf(after).Message!.Position);
        Assert.Equal(["d"], conversation.Stored);
    }

    [Fact]
    public void A_commit_of_unknown_outcome_is_read_back_before_the_next_batch_is_planned()
    {
        var conversation = new QueuedConversation();
        conversation.Store.Holding = true;
        var first = conversation.Append("a");
        var next = conversation.Append("b");
        var readsBefore = conversation.Store.Reads;

        // The write committed, but its caller only learns that the link dropped.
        conversation.Fail(new StorageUnavailableException(outcomeUnknown: true), committed: true);
        Assert.IsType<StorageUnavailableException>(QueuedConversation.FailureOf(first));
        Assert.Equal(readsBefore + 1, conversation.Store.Reads);

        conversation.Release();
        Assert.Equal(2, QueuedConversation.AnswerOf(next).Message!.Position);
        Assert.Equal(["a", "b"], conversation.Stored);
    }

    [Fact]
    public void A_batch_ends_before_a_repeated_external_id_and_the_repeat_gets_the_first_ones_answer()
    {
        var conversation = new QueuedConversation();
        conversation.Store.Holding = true;
        _ = conversation.Append("x");
        var original = conversation.Append("a", externalId: "mail-1");
        var other = conversation.Append("b", externalId: "mail-2");
        var repeat = conversation.Append("a again", externalId: "mail-1");
        var last = conversation.Append("c");

        conversation.Release();
        Assert.Equal(["a", "b"], conversation.Store.Writes[1].Contents);
        conversation.Release();
        Assert.Equal(MessageOutcome.Created, QueuedConversation.AnswerOf(other).Outcome);

        // The next batch holds an external id already stored: the store refuses it whole, and each message goes alone.
        Assert.Equal(["a again", "c"], conversation.Store.Writes[2].Contents);
        conversation.Release();
        Assert.Equal(["a again"], conversation.Store.Writes[3].Contents);
        conversation.Release();
        Assert.Equal(MessageOutcome.Duplicate, QueuedConversation.AnswerOf(repeat).Outcome);
        Assert.Equal(QueuedConversation.AnswerOf(original).Message!.Id, QueuedConversation.AnswerOf(repeat).Message!.Id);
        Assert.Equal(["c"], conversation.Store.Writes[4].Contents);
        conversation.Release();
        Assert.Equal(4, QueuedConversation.AnswerOf(last).Message!.Position);
        Assert.Equal(["x", "a", "b", "c"], conversation.Stored);
    }

    [Fact]
    public void A_retry_of_a_reserved_id_waits_for_the_first_attempts_batch_and_is_answered_without_a_write()
    {
        var conversation = new QueuedConversation();
        conversation.Store.Holding = true;
        _ = conversation.Append("x");
        var reserved = Identifiers.NewMessageId();
        var attempt = conversation.Append("a", reservedId: reserved);
        var retry = conversation.Append("a", reservedId: reserved);

        conversation.Release();
        Assert.Equal(["a"], conversation.Store.Writes[1].Contents);
        conversation.Release();

        Assert.Equal(2, conversation.Store.Writes.Count);
        Assert.Equal(MessageOutcome.CreatedByEarlierAttempt, QueuedConversation.AnswerOf(retry).Outcome);
        Assert.Equal(QueuedConversation.AnswerOf(attempt).Message, QueuedConversation.AnswerOf(retry).Message);
    }

    [Fact]
    public void One_commit_carries_at_most_the_batch_limit()
    {
        var conversation = new QueuedConversation();
        conversation.Store.Holding = true;
        _ = conversation.Append("first");
        var queued = Enumerable.Range(0, AppendQueue.MaxBatch + 44).Select(i => conversation.Append($"m{i}")).ToList();

        conversation.Release();
        Assert.Equal(AppendQueue.MaxBatch, conversation.Store.Writes[1].Messages.Count);
        conversation.Release();
        Assert.Equal(44, conversation.Store.Writes[2].Messages.Count);
        conversation.Release();

        Assert.Equal(Enumerable.Range(2, AppendQueue.MaxBatch + 44).Select(i => (long)i), queued.Select(a => QueuedConversation.AnswerOf(a).Message!.Position));
        Assert.Equal(Nothing, conversation.Stored.Skip(1).Where((content, i) => content != $"m{i}"));
    }

    [Fact]
    public void A_post_to_a_closed_conversation_reopens_it_alone_and_the_posts_queued_behind_commit_together()
    {
        var conversation = new QueuedConversation(ConversationStatus.Closed);
        conversation.Store.Holding = true;
        var reopening = conversation.Append("a");
        var queued = new[] { conversation.Append("b"), conversation.Append("c") };

        Assert.Equal(nameof(HeldStore.AppendAsync), conversation.Store.Writes[0].Call);
        conversation.Release();
        Assert.Equal(ConversationStatus.Open, conversation.Conversation.Current!.Fields.Status);
        Assert.Equal(3, conversation.Conversation.Current.Version);
        Assert.Equal(nameof(HeldStore.AppendBatchAsync), conversation.Store.Writes[1].Call);
        conversation.Release();

        Assert.Equal(MessageOutcome.Created, QueuedConversation.AnswerOf(reopening).Outcome);
        Assert.Equal([2L, 3L], queued.Select(a => QueuedConversation.AnswerOf(a).Message!.Position));
        Assert.Equal(5, conversation.Conversation.Current.Version);
    }

    [Fact]
    public void A_batch_for_a_conversation_found_closed_goes_one_message_at_a_time_the_first_reopening_it()
    {
        var conversation = new QueuedConversation();
        conversation.Store.Holding = true;
        _ = conversation.Append("x");
        var queued = new[] { conversation.Append("a"), conversation.Append("b") };

        // Another activation (a silo failing over) closed the conversation, and this one's write was lost on the way.
        conversation.ChangeElsewhere(c => c with { Fields = c.Fields with { Status = ConversationStatus.Closed } });
        conversation.Fail(new StorageUnavailableException(outcomeUnknown: true));
        Assert.Equal(nameof(HeldStore.AppendAsync), conversation.Store.Writes[1].Call);
        Assert.Equal(["a"], conversation.Store.Writes[1].Contents);
        conversation.Release();
        Assert.Equal(ConversationStatus.Open, conversation.Conversation.Current!.Fields.Status);
        Assert.Equal(["b"], conversation.Store.Writes[2].Contents);
        conversation.Release();

        Assert.Equal([1L, 2L], queued.Select(a => QueuedConversation.AnswerOf(a).Message!.Position));
    }

    [Fact]
    public void A_batch_that_lost_a_race_with_another_activation_is_planned_again_from_the_conversation_it_stored()
    {
        var conversation = new QueuedConversation();
        conversation.Store.Holding = true;
        _ = conversation.Append("x");
        var queued = new[] { conversation.Append("a"), conversation.Append("b") };
        conversation.Release();

        conversation.ChangeElsewhere(c => c with { Fields = c.Fields with { Subject = "changed elsewhere" } });
        conversation.Release();
        Assert.Equal(["a", "b"], conversation.Store.Writes[2].Contents);
        conversation.Release();

        Assert.Equal([2L, 3L], queued.Select(a => QueuedConversation.AnswerOf(a).Message!.Position));
        Assert.Equal("changed elsewhere", conversation.Conversation.Current!.Fields.Subject);
        Assert.Equal(5, conversation.Conversation.Current.Version);
    }
}
