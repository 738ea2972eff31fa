using System.Reflection;
using JobHub.Runtime.Core;
using JobHub.Runtime.Metadata;

namespace JobHub.Runtime.Proxies;

/// <summary>
/// The base of every grain and observer reference. <see cref="DispatchProxy"/> generates the typed
/// proxy class at run time, which is why this type is public and not sealed. A reference is an
/// immutable handle: equal when it points at the same grain, free to pass between grains.
/// </summary>
public class GrainReference : DispatchProxy, IAddressable
{
    internal RuntimeClient Runtime { get; private set; } = null!;

    internal GrainInterfaceMetadata Interface { get; private set; } = null!;

    public GrainId GrainId { get; private set; }

    public override bool Equals(object? obj) => obj is IAddressable other && other.GrainId == GrainId;

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => $"{Interface.InterfaceType.Name}({GrainId})";

    internal void Bind(RuntimeClient runtime, GrainInterfaceMetadata metadata, GrainId grainId)
    {
        Runtime = runtime;
        Interface = metadata;
        GrainId = grainId;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return Interface.Lookup(targetMethod).Call(this, args ?? []);
    }
}
