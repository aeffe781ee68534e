using Runtype.Api.Cluster;

namespace Runtype.Api.Surfaces;

/// <summary>What the surface handlers use from the container, bound as one <c>[AsParameters]</c> argument.</summary>
public sealed record SurfaceServices(GrainReferences Grains, EmailHostCheck EmailHosts);
