using Runtype.Api.Cluster;
using Runtype.Api.Shared;

namespace Runtype.Api.Conversations;

/// <summary>What the conversation handlers use from the container, bound as one <c>[AsParameters]</c> argument.</summary>
public sealed record ConversationServices(GrainReferences Grains, CursorCodec Cursors);
