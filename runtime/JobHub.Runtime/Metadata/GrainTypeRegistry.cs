using System.Collections.Concurrent;
using System.Reflection;

namespace JobHub.Runtime.Metadata;

/// <summary>
/// The grain classes and interfaces this silo knows, found in the registered assemblies and validated
/// at start-up: a bad interface or a duplicate grain type name stops the silo with a clear message.
/// </summary>
internal sealed class GrainTypeRegistry
{
    private readonly Dictionary<string, GrainClassMetadata> _byGrainType = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, string> _grainTypeByInterface = new();
    private readonly Dictionary<Type, List<GrainClassMetadata>> _classesByInterface = [];

    public GrainTypeRegistry(GrainAssemblies assemblies)
    {
        var problems = new List<string>();
        var types = assemblies.Assemblies.Distinct().SelectMany(LoadableTypes).ToArray();
        foreach (var iface in types.Where(t => t.IsInterface && typeof(IGrain).IsAssignableFrom(t) && !t.ContainsGenericParameters))
        {
            problems.AddRange(GrainInterfaceValidator.FindProblems(iface));
        }

        foreach (var type in types.Where(t => t.IsClass && !t.IsAbstract && typeof(Grain).IsAssignableFrom(t) && !t.ContainsGenericParameters))
        {
            var metadata = new GrainClassMetadata(type);
            if (!_byGrainType.TryAdd(metadata.GrainType, metadata))
            {
                problems.Add($"{type.FullName}: grain type name '{metadata.GrainType}' is already used by {_byGrainType[metadata.GrainType].ClassType.FullName}; give one of them [GrainType(\"...\")].");
                continue;
            }

            foreach (var iface in metadata.GrainInterfaces)
            {
                if (!_classesByInterface.TryGetValue(iface, out var list))
                {
                    _classesByInterface[iface] = list = [];
                }

                list.Add(metadata);
            }
        }

        if (problems.Count > 0)
        {
            throw new GrainInterfaceValidationException(problems.Distinct().ToList());
        }
    }

    public IEnumerable<GrainClassMetadata> Classes => _byGrainType.Values;

    public GrainClassMetadata? FindClass(string grainType) => _byGrainType.GetValueOrDefault(grainType);

    /// <summary>The grain type that <c>GetGrain&lt;TInterface&gt;(key)</c> addresses: the one class implementing it.</summary>
    public string GrainTypeFor(Type grainInterface) =>
        _grainTypeByInterface.TryGetValue(grainInterface, out var known) ? known : _grainTypeByInterface.GetOrAdd(grainInterface, ResolveGrainType);

    private string ResolveGrainType(Type iface)
    {
        if (!_classesByInterface.TryGetValue(iface, out var classes) || classes.Count == 0)
        {
            throw new GrainTypeNotFoundException($"No grain class implements {iface.FullName}; register its assembly with AddGrains.");
        }

        if (classes.Count > 1)
        {
            throw new GrainTypeNotFoundException(
                $"{iface.FullName} is implemented by several grain classes ({string.Join(", ", classes.Select(c => c.ClassType.Name))}); " +
                "address one with GetGrain<T>(GrainId).");
        }

        return classes[0].GrainType;
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }
}
