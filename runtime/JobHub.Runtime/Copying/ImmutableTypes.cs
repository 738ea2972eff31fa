using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Numerics;
using System.Reflection;
using JobHub.Runtime.Proxies;

namespace JobHub.Runtime.Copying;

/// <summary>
/// Decides which values can be shared between grains without a copy: well-known immutable types,
/// types marked <see cref="ImmutableAttribute"/>, grain references, immutable collections of such
/// values, and types whose instance fields are all readonly and themselves immutable (which covers
/// positional records of such values). Everything else is copied.
/// </summary>
internal static class ImmutableTypes
{
    private static readonly ConcurrentDictionary<Type, bool> Cache = new();

    private static readonly HashSet<Type> Known =
    [
        typeof(string), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan), typeof(DateOnly),
        typeof(TimeOnly), typeof(Guid), typeof(Uri), typeof(Version), typeof(BigInteger), typeof(Int128), typeof(UInt128),
        typeof(Half), typeof(GrainId), typeof(SiloAddress), typeof(TickStatus), typeof(object), typeof(Type),
    ];

    private static readonly HashSet<Type> ImmutableCollections =
    [
        typeof(ImmutableArray<>), typeof(ImmutableList<>), typeof(ImmutableHashSet<>), typeof(ImmutableDictionary<,>),
        typeof(ImmutableSortedDictionary<,>), typeof(ImmutableSortedSet<>), typeof(ImmutableQueue<>), typeof(ImmutableStack<>),
    ];

    /// <summary>
    /// True when every value a variable of this declared type can hold is immutable, so no runtime check is needed.
    /// <c>object</c> is excluded here: what it holds is only known at run time.
    /// </summary>
    public static bool IsImmutableDeclaredType(Type declared) =>
        declared != typeof(object) && (declared.IsValueType || declared.IsSealed || IsGrainInterface(declared)) && IsImmutable(declared);

    /// <summary>True when a value whose runtime type is exactly <paramref name="type"/> is immutable.</summary>
    public static bool IsImmutable(Type type) => Cache.TryGetValue(type, out var known) ? known : Cache.GetOrAdd(type, Analyse(type, []));

    private static bool IsGrainInterface(Type type) => type.IsInterface && typeof(IGrain).IsAssignableFrom(type);

    private static bool Analyse(Type type, HashSet<Type> inProgress)
    {
        if (type.IsPrimitive || type.IsEnum || Known.Contains(type) || type.IsDefined(typeof(ImmutableAttribute), inherit: false))
        {
            return true;
        }

        if (typeof(GrainReference).IsAssignableFrom(type) || IsGrainInterface(type))
        {
            return true;
        }

        if (type.IsArray || type.IsPointer || type.IsByRef || typeof(Delegate).IsAssignableFrom(type) || type.IsInterface || type.IsAbstract)
        {
            return false;
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(Nullable<>) || ImmutableCollections.Contains(definition))
            {
                return type.GetGenericArguments().All(a => IsFieldTypeImmutable(a, inProgress));
            }
        }

        if (!inProgress.Add(type))
        {
            return true; // a cycle: the type is immutable if everything else on the path is
        }

        for (var current = type; current is not null && current != typeof(object) && current != typeof(ValueType); current = current.BaseType)
        {
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (!field.IsInitOnly || !IsFieldTypeImmutable(field.FieldType, inProgress))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsFieldTypeImmutable(Type fieldType, HashSet<Type> inProgress) =>
        fieldType != typeof(object)
        && (fieldType.IsValueType || fieldType.IsSealed || IsGrainInterface(fieldType))
        && (Cache.TryGetValue(fieldType, out var known) ? known : Analyse(fieldType, inProgress));
}
