namespace Runtype.Grains.Conversations;

/// <summary>An accepted message waiting for the commit that carries it; its outcome is its caller's answer.</summary>
internal sealed class PendingAppend(NewMessage message)
{
    public NewMessage Message { get; } = message;

    public TaskCompletionSource<MessageResult> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
