using System.Globalization;

namespace JobHub.Runtime.Sql.Internal;

/// <summary>ETags are row versions: a 64-bit integer in invariant text.</summary>
internal static class Etags
{
    public static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>False for text that no provider ever handed out: such an ETag can never match.</summary>
    public static bool TryParse(string? etag, out long version) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out version);
}
