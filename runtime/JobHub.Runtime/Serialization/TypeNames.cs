using System.Collections.Concurrent;

namespace JobHub.Runtime.Serialization;

/// <summary>Portable type names ("Full.Name, Assembly") for the wire, resolved once per name.</summary>
internal static class TypeNames
{
    private static readonly ConcurrentDictionary<Type, string> Names = new();
    private static readonly ConcurrentDictionary<string, Type> Types = new(StringComparer.Ordinal);

    public static string Of(Type type) => Names.GetOrAdd(type, static t => $"{t.FullName}, {t.Assembly.GetName().Name}");

    /// <summary>
    /// The type a peer named, or null. Only found types are remembered: names come from the wire, and
    /// remembering every unknown one would let a peer grow this process's memory without bound.
    /// </summary>
    public static Type? Resolve(string name)
    {
        if (Types.TryGetValue(name, out var known))
        {
            return known;
        }

        var type = Type.GetType(name, throwOnError: false);
        if (type is not null)
        {
            Types.TryAdd(name, type);
        }

        return type;
    }
}
