using System.Globalization;

namespace JobHub.Storage.Sqlite.Internal;

/// <summary>ETags are row versions: a 64-bit integer in invariant text.</summary>
internal static class Etags
{
    public static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>False for text this provider never handed out: such an ETag can never match a row.</summary>
    public static bool TryParse(string? etag, out long version) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out version);
}
