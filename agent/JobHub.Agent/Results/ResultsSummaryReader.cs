using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace JobHub.Agent.Results;

/// <summary>
/// Reads a job's results summary file. Bad content never throws: valid JSON is kept as written,
/// anything else is kept as text and flagged <see cref="ResultsSummary.InvalidJson"/>; either is cut
/// to <see cref="MaxContentLength"/> characters and flagged <see cref="ResultsSummary.Truncated"/>.
/// Files over <see cref="MaxInspectedBytes"/> are not parsed: they are kept truncated and flagged
/// invalid. A missing file means no summary (null). I/O failures other than "not found" propagate.
/// </summary>
public static class ResultsSummaryReader
{
    /// <summary>Characters of the summary kept with the job.</summary>
    public const int MaxContentLength = 1000;

    /// <summary>Largest file that is checked for valid JSON (1 MiB).</summary>
    public const int MaxInspectedBytes = 1024 * 1024;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Reads the summary at <paramref name="path"/>; null when there is no such file.</summary>
    public static async Task<ResultsSummary?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes;
        bool tooLarge;
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, useAsync: true);
            var buffer = new byte[MaxInspectedBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await file.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }

            tooLarge = length > MaxInspectedBytes;
            bytes = buffer[..Math.Min(length, MaxInspectedBytes)];
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return FromBytes(bytes, tooLarge);
    }

    internal static ResultsSummary FromBytes(ReadOnlySpan<byte> bytes, bool tooLarge)
    {
        if (bytes.StartsWith(Utf8Bom))
        {
            bytes = bytes[Utf8Bom.Length..];
        }

        var valid = !tooLarge && Utf8.IsValid(bytes) && IsValidJson(bytes);
        var text = Encoding.UTF8.GetString(bytes);
        var truncated = tooLarge || text.Length > MaxContentLength;
        if (text.Length > MaxContentLength)
        {
            var cut = char.IsHighSurrogate(text[MaxContentLength - 1]) ? MaxContentLength - 1 : MaxContentLength;
            text = text[..cut];
        }

        return new ResultsSummary(text, truncated, !valid);
    }

    private static bool IsValidJson(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            while (reader.Read())
            {
            }

            return reader.BytesConsumed > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
