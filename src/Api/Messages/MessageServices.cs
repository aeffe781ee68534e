using Runtype.Api.Cluster;
using Runtype.Api.Shared;

namespace Runtype.Api.Messages;

/// <summary>What the message handlers use from the container, bound as one <c>[AsParameters]</c> argument.</summary>
public sealed record MessageServices(GrainReferences Grains, CursorCodec Cursors);
