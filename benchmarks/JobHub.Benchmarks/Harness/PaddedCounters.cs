namespace JobHub.Benchmarks.Harness;

/// <summary>One counter per caller, each on its own cache line, so counting costs no shared-line traffic.</summary>
internal sealed class PaddedCounters(int count)
{
    private const int Stride = 16; // 16 longs = 128 bytes: two cache lines, beyond adjacent-line prefetch
    private readonly long[] _slots = new long[(count + 1) * Stride];

    public void Increment(int index) => _slots[(index + 1) * Stride]++;

    public long Sum()
    {
        long total = 0;
        for (var i = 1; i <= count; i++)
        {
            total += Volatile.Read(ref _slots[i * Stride]);
        }

        return total;
    }
}
