using System.Text;

namespace JobHub.Storage.Postgres.Internal;

/// <summary>
/// FNV-1a over UTF-8 with a murmur3 finaliser: a hash every process agrees on (<see cref="string.GetHashCode()"/> is
/// randomised per process), used for the advisory-lock key of a schema's migrations.
/// </summary>
internal static class MigrationLockHash
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Hash32(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var hash = OffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash = (hash ^ b) * Prime;
        }

        hash ^= hash >> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >> 16;
        return hash;
    }
}
