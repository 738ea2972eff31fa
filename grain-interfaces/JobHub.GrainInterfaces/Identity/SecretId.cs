using System.Security.Cryptography;
using System.Text;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>
/// The id of a secret (an API token or an invitation code): the lower-case hex SHA-256 of its UTF-8 bytes. It is the
/// key of the grain that holds the secret's record, so only the hash is ever stored. The secrets carry 256 random bits,
/// so an unsalted fast hash is enough: there is nothing to guess.
/// </summary>
public static class SecretId
{
    /// <summary>Length of an id: 64 hex characters.</summary>
    public const int Length = 64;

    /// <summary>The id of <paramref name="secret"/>.</summary>
    public static string Of(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    /// <summary>True when <paramref name="secret"/> hashes to <paramref name="id"/> (compared in constant time).</summary>
    public static bool Matches(string secret, string id)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(id);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Of(secret)), Encoding.ASCII.GetBytes(id));
    }

    /// <summary>True for 64 lower-case hex characters.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: Length } && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>The first 8 characters, for logs (an id is not secret, but short ones read better).</summary>
    public static string ForLog(string id) => id is { Length: > 8 } ? id[..8] : id;
}
