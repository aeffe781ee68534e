using Runtype.Api.Cluster;
using Runtype.Api.Shared;

namespace Runtype.Api.Events;

/// <summary>What the event handlers use from the container, bound as one <c>[AsParameters]</c> argument.</summary>
public sealed record EventServices(
    GrainReferences Grains, CursorCodec Cursors, CursorExpiry Retention, OwnerTails Tails, EventStreamSettings Settings,
    TimeProvider Time, IHostApplicationLifetime Lifetime);
