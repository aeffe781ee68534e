using System.Collections.Concurrent;
using Orleans.Metadata;

namespace Runtype.Api.Cluster;

/// <summary>
/// Grain references for the request path. <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> works out the grain and
/// interface types from the interface's attributes on every call, which profiling showed as about a tenth of
/// the server's CPU on create-message; here they are worked out once per interface.
/// </summary>
public sealed class GrainReferences(
    IGrainFactory grains, GrainInterfaceTypeResolver interfaces, GrainInterfaceTypeToGrainTypeResolver implementations)
{
    private readonly ConcurrentDictionary<Type, (GrainType Grain, GrainInterfaceType Interface)> _types = new();

    public T Get<T>(string key)
        where T : IGrainWithStringKey
    {
        var (grain, @interface) = _types.GetOrAdd(typeof(T), Resolve);
        return (T)grains.GetGrain(GrainId.Create(grain, key), @interface);
    }

    public T Get<T>(long key)
        where T : IGrainWithIntegerKey
    {
        var (grain, @interface) = _types.GetOrAdd(typeof(T), Resolve);
        return (T)grains.GetGrain(GrainId.Create(grain, GrainIdKeyExtensions.CreateIntegerKey(key)), @interface);
    }

    private (GrainType, GrainInterfaceType) Resolve(Type type)
    {
        var @interface = interfaces.GetGrainInterfaceType(type);
        return (implementations.GetGrainType(@interface), @interface);
    }
}
