using System.Security.Claims;
using Runtype.Api.Cluster;
using Runtype.Grains;
using Runtype.Grains.Wire;

namespace Runtype.Api.Idempotency;

/// <summary>
/// The body of a replayed create-message answer: the message as its conversation holds it now, in the bytes the
/// handler writes for it (<see cref="MessageJson"/>), so a redacted message replays redacted.
/// </summary>
internal static class MessageReplay
{
    public static async Task<byte[]?> RenderAsync(GrainReferences grains, ClaimsPrincipal user, MessageReference reference) =>
        await grains.Conversation(user, reference.ConversationId).GetMessage(reference.MessageId) is { } message
            ? WireValues.RenderUtf8(message, MessageJson.Write)
            : null;
}
