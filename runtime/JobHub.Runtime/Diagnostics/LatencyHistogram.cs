namespace JobHub.Runtime.Diagnostics;

/// <summary>
/// A lock-free histogram of durations in power-of-two microsecond buckets, cheap enough for every call;
/// percentiles are read as the upper bound of the bucket they fall in.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int BucketCount = 40;
    private readonly long[] _buckets = new long[BucketCount];

    public void Record(TimeSpan elapsed)
    {
        var micros = (ulong)Math.Max(1, elapsed.Ticks / TimeSpan.TicksPerMicrosecond);
        var bucket = Math.Min(BucketCount - 1, 64 - System.Numerics.BitOperations.LeadingZeroCount(micros));
        Interlocked.Increment(ref _buckets[bucket]);
    }

    /// <summary>The upper bound of the bucket holding the given quantile (0..1), or zero with no samples.</summary>
    public TimeSpan Quantile(double quantile)
    {
        var counts = _buckets.Select(b => Interlocked.Read(ref b)).ToArray();
        var total = counts.Sum();
        if (total == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return TimeSpan.FromMicroseconds(1L << i);
            }
        }

        return TimeSpan.FromMicroseconds(1L << (BucketCount - 1));
    }
}
