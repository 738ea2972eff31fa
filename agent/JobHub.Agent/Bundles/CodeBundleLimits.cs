namespace JobHub.Agent.Bundles;

/// <summary>
/// The fixed limits a code bundle must keep (docs/api.md, "Code bundles", lists them with the configured size
/// limit <see cref="Hosting.LocalNodeAgentOptions.CodeBundleLimitBytes"/>). The server checks them before it stores
/// an upload, and a node again before it unpacks a bundle.
/// </summary>
public static class CodeBundleLimits
{
    /// <summary>Longest entry name, in characters (after a leading <c>./</c> and a folder's trailing <c>/</c> are removed).</summary>
    public const int MaxPathLength = 1024;

    /// <summary>Longest single file or folder name in an entry name, in UTF-8 bytes (what Linux file systems allow).</summary>
    public const int MaxSegmentBytes = 255;

    /// <summary>Most names in one entry name: a file may sit at most 63 folders deep.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most files and folders a bundle may hold, counting folders that only appear in other entries' names.</summary>
    public const int MaxEntries = 100_000;

    /// <summary>
    /// Largest metadata block (a PAX extended header, a GNU long name) of one entry, in bytes. The reader holds such a
    /// block in memory, so it is checked before it is read.
    /// </summary>
    public const int MaxMetadataBytes = 1024 * 1024;

    /// <summary>
    /// Most bytes of the unpacked tar stream that are not file contents (headers, metadata blocks, padding, the
    /// end-of-archive blocks), so a bundle of empty entries or padding cannot keep the server decompressing.
    /// </summary>
    public const long MaxOverheadBytes = 256L * 1024 * 1024;

    /// <summary>A count with thousands separators (<c>100,000</c>), whatever the culture, for messages.</summary>
    internal static string Count(long value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
