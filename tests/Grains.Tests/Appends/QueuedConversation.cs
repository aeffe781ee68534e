using Runtype.Grains.Conversations;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;
using Runtype.Grains.Wire;

namespace Runtype.Grains.Tests.Appends;

/// <summary>
/// One conversation's <see cref="AppendQueue"/> and <see cref="AppendWriter"/>, built as the grain builds them, over a
/// <see cref="HeldStore"/> and on a scheduler the test drives (<see cref="OneTaskAtATime"/>): no silo, no database.
/// Every step runs the queue until it can go no further, so what has not happened by then waits for the test.
/// </summary>
internal sealed class QueuedConversation
{
    private const string Owner = "owner-appends";

    private readonly OneTaskAtATime _turns = new();

    public QueuedConversation(ConversationStatus status = ConversationStatus.Open)
    {
        var id = Identifiers.NewConversationId();
        var now = Timestamps.ToMilliseconds(DateTime.UtcNow);
        var created = new Conversation
        {
            Id = id, Owner = Owner, Fields = new ConversationFields { SurfaceId = "chat", Status = status }, CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        Assert.Equal(StoreOutcome.Done, Store.Inner.InsertAsync(created, []).GetAwaiter().GetResult().Outcome);
        var recent = new RecentMessages(128);
        recent.Load([], 0);
        Conversation = new ConversationCopy(Store, Owner, id, recent) { Current = created };
        var hooks = new AppendHooks(_ => Task.FromResult<Surface?>(null), _ => Task.CompletedTask, () => Wakes++);
        Queue = new AppendQueue(new AppendWriter(Store, Conversation, recent, new ConversationClock(TimeProvider.System), new ConversationEvents(Owner, id), hooks));
    }

    public HeldStore Store { get; } = new();

    public ConversationCopy Conversation { get; }

    public AppendQueue Queue { get; }

    /// <summary>How many commits woke the owner's event readers.</summary>
    public int Wakes { get; private set; }

    /// <summary>The messages the store holds, in position order.</summary>
    public string[] Stored =>
        [.. Store.Inner.ReadMessagesAsync(Owner, Conversation.Id, new MessageQuery(1000, Descending: false)).GetAwaiter().GetResult().Select(m => m.Content)];

    public Task<MessageResult> Append(string content, string? externalId = null, string? reservedId = null) =>
        _turns.Start(() => Queue.AppendAsync(new NewMessage { Content = content, Role = MessageRole.User, ExternalMessageId = externalId, Id = reservedId }));

    public Task<AppendQueue.Exclusive> Exclusive() => _turns.Start(Queue.ExclusiveAsync);

    /// <summary>Changes the stored conversation (a new version) as another activation would, behind this one's back.</summary>
    public void ChangeElsewhere(Func<Conversation, Conversation> change)
    {
        var stored = Store.Inner.FindAsync(Owner, Conversation.Id).GetAwaiter().GetResult()!;
        var changed = change(stored) with { Version = stored.Version + 1 };
        Assert.Equal(StoreOutcome.Done, Store.Inner.UpdateAsync(changed, stored.Version, []).GetAwaiter().GetResult().Outcome);
    }

    /// <summary>Lets the held write through.</summary>
    public void Release()
    {
        Store.Release();
        _turns.RunUntilIdle();
    }

    /// <summary>Fails the held write: after it made its change when <paramref name="committed"/>.</summary>
    public void Fail(Exception failure, bool committed = false)
    {
        Store.Fail(failure, committed);
        _turns.RunUntilIdle();
    }

    /// <summary>Ends an exclusive write.</summary>
    public void LetGo(Task<AppendQueue.Exclusive> exclusive)
    {
        Assert.True(exclusive.IsCompletedSuccessfully);
        exclusive.GetAwaiter().GetResult().Dispose();
        _turns.RunUntilIdle();
    }

    /// <summary>The answer of an append that must have one by now.</summary>
    public static MessageResult AnswerOf(Task<MessageResult> append)
    {
        Assert.True(append.IsCompletedSuccessfully, $"The append is {append.Status}.");
        return append.GetAwaiter().GetResult();
    }

    /// <summary>The failure of an append that must have failed by now.</summary>
    public static Exception FailureOf(Task<MessageResult> append)
    {
        Assert.True(append.IsFaulted, $"The append is {append.Status}.");
        return append.Exception!.InnerException!;
    }
}
