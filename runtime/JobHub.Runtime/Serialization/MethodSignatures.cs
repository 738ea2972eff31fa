using System.Collections.Concurrent;
using JobHub.Runtime.Metadata;

namespace JobHub.Runtime.Serialization;

/// <summary>
/// Names grain methods on the wire by name and parameter types ("Add(System.Int32)"), not by position,
/// so two silos built from slightly different sources still agree or fail clearly.
/// </summary>
internal static class MethodSignatures
{
    private static readonly ConcurrentDictionary<GrainMethod, string> Signatures = new();
    private static readonly ConcurrentDictionary<(Type Interface, string Signature), GrainMethod> Lookup = new();

    public static string Of(GrainMethod method) => Signatures.GetOrAdd(method, static m =>
        $"{m.Method.DeclaringType!.FullName}.{m.Method.Name}({string.Join(",", m.Parameters.Select(p => p.ParameterType.FullName))})");

    /// <summary>The method with this signature, or null; misses are not remembered (signatures come from the wire).</summary>
    public static GrainMethod? Find(GrainInterfaceMetadata metadata, string signature)
    {
        var key = (metadata.InterfaceType, signature);
        if (Lookup.TryGetValue(key, out var known))
        {
            return known;
        }

        var method = metadata.Methods.FirstOrDefault(m => Of(m) == signature);
        if (method is not null)
        {
            Lookup.TryAdd(key, method);
        }

        return method;
    }
}
