using Runtype.Api.Cluster;

namespace Runtype.Api.Apis;

/// <summary>What the surface handlers use from the container, bound as one <c>[AsParameters]</c> argument.</summary>
public sealed record SurfaceServices(GrainReferences Grains);
