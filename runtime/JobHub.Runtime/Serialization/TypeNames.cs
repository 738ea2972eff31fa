using System.Collections.Concurrent;

namespace JobHub.Runtime.Serialization;

/// <summary>Portable type names ("Full.Name, Assembly") for the wire, resolved once per name.</summary>
internal static class TypeNames
{
    private static readonly ConcurrentDictionary<Type, string> Names = new();
    private static readonly ConcurrentDictionary<string, Type?> Types = new(StringComparer.Ordinal);

    public static string Of(Type type) => Names.GetOrAdd(type, static t => $"{t.FullName}, {t.Assembly.GetName().Name}");

    public static Type? Resolve(string name) => Types.GetOrAdd(name, static n => Type.GetType(n, throwOnError: false));
}
