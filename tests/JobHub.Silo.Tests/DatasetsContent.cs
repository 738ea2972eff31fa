using System.Net;
using System.Security.Cryptography;

namespace JobHub.Silo.Tests;

/// <summary>
/// Request bodies for dataset uploads, made on the fly: <see cref="Generated"/> streams pseudo-random bytes from a seed
/// (never holding them), and can stop after <see cref="PauseAfter"/> bytes until <see cref="Resume"/> is called.
/// </summary>
internal sealed class DatasetsContent : HttpContent
{
    private readonly long _length;
    private readonly int _seed;
    private readonly bool _declareLength;
    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DatasetsContent(long length, int seed, bool declareLength, long? pauseAfter)
    {
        _length = length;
        _seed = seed;
        _declareLength = declareLength;
        PauseAfter = pauseAfter;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
    }

    public long? PauseAfter { get; }

    /// <summary>Completes when the body has stopped at <see cref="PauseAfter"/>.</summary>
    public Task Paused => _paused.Task;

    /// <summary>A body of <paramref name="length"/> bytes from <paramref name="seed"/>; chunked (no Content-Length) unless <paramref name="declareLength"/>.</summary>
    public static DatasetsContent Generated(long length, int seed, bool declareLength = true, long? pauseAfter = null) => new(length, seed, declareLength, pauseAfter);

    /// <summary>The SHA-256 (hex) of what <see cref="Generated"/> sends for these arguments, computed the same way.</summary>
    public static string Sha256Of(long length, int seed)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var chunk in Chunks(length, seed))
        {
            hash.AppendData(chunk.Span);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The bytes of the generated body, for small ones.</summary>
    public static byte[] Bytes(long length, int seed) => [.. Chunks(length, seed).SelectMany(c => c.ToArray())];

    public void Resume() => _resume.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        long sent = 0;
        foreach (var chunk in Chunks(_length, _seed))
        {
            if (PauseAfter is { } pause && sent >= pause && !_resume.Task.IsCompleted)
            {
                await stream.FlushAsync();
                _paused.TrySetResult();
                await _resume.Task;
            }

            await stream.WriteAsync(chunk);
            sent += chunk.Length;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return _declareLength;
    }

    /// <summary>64 KiB chunks of a seeded generator: the same bytes every time for a seed, without keeping them.</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> Chunks(long length, int seed)
    {
        var random = new Random(seed);
        var buffer = new byte[64 * 1024];
        for (long done = 0; done < length;)
        {
            var size = (int)Math.Min(buffer.Length, length - done);
            random.NextBytes(buffer.AsSpan(0, size));
            yield return buffer.AsMemory(0, size);
            done += size;
        }
    }
}
