using System.Collections.Concurrent;
using System.Text;
using JobHub.Runtime.Metadata;

namespace JobHub.Runtime.Serialization;

/// <summary>
/// A grain method on the wire: "interface type name|signature" in UTF-8 (see <see cref="MethodSignatures"/>),
/// so silos built from slightly different sources agree or fail clearly. The bytes are built once per
/// method; reading looks them up without allocating, and only methods that exist are remembered.
/// </summary>
internal static class MethodKeys
{
    private const int StackLimit = 512;

    private static readonly ConcurrentDictionary<GrainMethod, byte[]> Keys = new();
    private static readonly ConcurrentDictionary<string, GrainMethod> Methods = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, GrainMethod>.AlternateLookup<ReadOnlySpan<char>> MethodsBySpan = Methods.GetAlternateLookup<ReadOnlySpan<char>>();

    public static byte[] Of(GrainMethod method) =>
        Keys.GetOrAdd(method, static m => Encoding.UTF8.GetBytes($"{TypeNames.Of(m.Interface.InterfaceType)}|{MethodSignatures.Of(m)}"));

    /// <summary>The method the key names; throws <see cref="GrainTypeNotFoundException"/> when this silo has no such interface or method.</summary>
    public static GrainMethod Find(ReadOnlySpan<byte> key)
    {
        var chars = key.Length <= StackLimit ? stackalloc char[key.Length] : new char[key.Length];
        chars = chars[..Encoding.UTF8.GetChars(key, chars)];
        return MethodsBySpan.TryGetValue(chars, out var method) ? method : Resolve(new string(chars));
    }

    private static GrainMethod Resolve(string key)
    {
        var bar = key.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0)
        {
            throw new WireFormatException($"'{key}' does not name a grain method.");
        }

        var interfaceName = key[..bar];
        var signature = key[(bar + 1)..];
        var interfaceType = TypeNames.Resolve(interfaceName)
            ?? throw new GrainTypeNotFoundException($"Grain interface '{interfaceName}' is not known on this silo.");
        var method = MethodSignatures.Find(GrainInterfaceMetadata.For(interfaceType), signature)
            ?? throw new GrainTypeNotFoundException($"Grain method '{signature}' is not known on this silo (different versions of {interfaceType.Name}?).");
        Methods.TryAdd(key, method);
        return method;
    }
}
