using System.Text;

namespace JobHub.Runtime;

/// <summary>
/// FNV-1a over UTF-8, with a final avalanche mix. <see cref="string.GetHashCode()"/> is randomised per
/// process, so anything that silos must agree on (placement, reminder ranges) hashes with this instead.
/// </summary>
public static class StableHashing
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Hash32(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Finish(Append(OffsetBasis, value));
    }

    public static uint Hash32(string type, string key)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(key);
        var hash = Append(OffsetBasis, type);
        hash = (hash ^ '/') * Prime;
        return Finish(Append(hash, key));
    }

    private static uint Append(uint hash, string value)
    {
        Span<byte> buffer = stackalloc byte[256];
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        var bytes = maxBytes <= buffer.Length ? buffer : new byte[maxBytes];
        var written = Encoding.UTF8.GetBytes(value, bytes);
        foreach (var b in bytes[..written])
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }

    // murmur3 fmix32: FNV alone clusters short, similar keys; the mix spreads them over the ring.
    private static uint Finish(uint h)
    {
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return h;
    }
}
