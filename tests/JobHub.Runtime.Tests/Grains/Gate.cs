namespace JobHub.Runtime.Tests.Grains;

/// <summary>A DI singleton that grains await, released by the test: holds a turn open deterministically.</summary>
public sealed class Gate
{
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inside;
    private int _maxInside;

    public int Inside => Volatile.Read(ref _inside);

    public int MaxInside => Volatile.Read(ref _maxInside);

    public async Task PassAsync()
    {
        var now = Interlocked.Increment(ref _inside);
        InterlockedMax(ref _maxInside, now);
        try
        {
            await _open.Task;
        }
        finally
        {
            Interlocked.Decrement(ref _inside);
        }
    }

    public void Open() => _open.TrySetResult();

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
