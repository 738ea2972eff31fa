using System.Buffers;
using System.Globalization;

namespace JobHub.Contracts.Audit;

/// <summary>
/// The opaque keyset cursor of the audit log: the sequence number of the last entry on the previous page. Callers treat
/// it as opaque; the server reads it back with <see cref="TryDecode"/>.
/// </summary>
public static class AuditCursor
{
    private const string Prefix = "a";
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");

    /// <summary>The cursor for the page after (older than) the entry numbered <paramref name="sequence"/>.</summary>
    public static string Encode(long sequence) => Prefix + sequence.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>The sequence number <paramref name="cursor"/> names; false when it is not a cursor the server handed out.</summary>
    public static bool TryDecode(string? cursor, out long sequence)
    {
        sequence = 0;
        return cursor is { Length: > 1 and <= 17 }
            && cursor.StartsWith(Prefix, StringComparison.Ordinal)
            && cursor.AsSpan(1).IndexOfAnyExcept(HexDigits) < 0
            && long.TryParse(cursor.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out sequence)
            && sequence > 0;
    }
}
