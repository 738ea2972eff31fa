using System.Reflection;

namespace JobHub.Runtime.Metadata;

/// <summary>The assemblies scanned for grain classes and interfaces (filled by <c>AddGrains</c>).</summary>
internal sealed class GrainAssemblies
{
    public List<Assembly> Assemblies { get; } = [typeof(IGrain).Assembly];
}
