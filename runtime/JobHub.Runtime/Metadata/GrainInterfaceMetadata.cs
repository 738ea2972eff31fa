using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;

namespace JobHub.Runtime.Metadata;

/// <summary>Everything the runtime needs to call one grain interface: its methods with compiled invokers.</summary>
internal sealed class GrainInterfaceMetadata
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceMetadata> Cache = new();

    private readonly FrozenDictionary<MethodInfo, GrainMethod> _byMethodInfo;

    private GrainInterfaceMetadata(Type interfaceType)
    {
        InterfaceType = interfaceType;
        var methods = CallableMethodsOf(interfaceType).ToArray();
        Methods = methods.Select((m, i) => GrainMethod.Create(this, m, i)).ToArray();
        _byMethodInfo = Methods.ToFrozenDictionary(m => m.Method);
    }

    public Type InterfaceType { get; }

    public IReadOnlyList<GrainMethod> Methods { get; }

    public bool IsObserver => typeof(IGrainObserver).IsAssignableFrom(InterfaceType);

    /// <summary>Returns validated metadata; throws <see cref="GrainInterfaceValidationException"/> naming each bad method.</summary>
    public static GrainInterfaceMetadata For(Type interfaceType) => Cache.GetOrAdd(interfaceType, static type =>
    {
        if (!type.IsInterface || !typeof(IGrain).IsAssignableFrom(type))
        {
            throw new GrainInterfaceValidationException([$"{type.FullName}: is not an interface deriving from IGrain."]);
        }

        if (type.ContainsGenericParameters)
        {
            throw new GrainInterfaceValidationException([$"{type.FullName}: open generic grain interfaces cannot be called; close the type arguments."]);
        }

        var problems = GrainInterfaceValidator.FindProblems(type).ToList();
        return problems.Count > 0 ? throw new GrainInterfaceValidationException(problems) : new GrainInterfaceMetadata(type);
    });

    /// <summary>The methods of the interface and the grain interfaces it extends (the IGrain markers have none).</summary>
    public static IEnumerable<MethodInfo> CallableMethodsOf(Type interfaceType) =>
        new[] { interfaceType }
            .Concat(interfaceType.GetInterfaces())
            .Where(i => typeof(IGrain).IsAssignableFrom(i))
            .SelectMany(i => i.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Distinct();

    public GrainMethod Lookup(MethodInfo method) =>
        _byMethodInfo.TryGetValue(method, out var found)
            ? found
            : throw new InvalidOperationException($"{method.DeclaringType?.FullName}.{method.Name} is not a method of grain interface {InterfaceType.FullName}.");
}
