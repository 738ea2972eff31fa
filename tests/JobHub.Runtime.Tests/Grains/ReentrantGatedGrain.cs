namespace JobHub.Runtime.Tests.Grains;

[Reentrant]
public sealed class ReentrantGatedGrain(Gate gate) : Grain, IReentrantGatedGrain
{
    private int _value;
    private int _turnsInside;

    public async Task<int> WaitAtGate()
    {
        await gate.PassAsync();
        return gate.MaxInside;
    }

    public async Task<int> IncrementAcrossAwait()
    {
        // A turn is the code between awaits: two turns running at once would see _turnsInside == 2.
        if (Interlocked.Increment(ref _turnsInside) != 1)
        {
            throw new InvalidOperationException("two turns ran at the same time");
        }

        var before = _value;
        Interlocked.Decrement(ref _turnsInside);
        await Task.Yield();
        if (Interlocked.Increment(ref _turnsInside) != 1)
        {
            throw new InvalidOperationException("two turns ran at the same time");
        }

        _value = before + 1;
        Interlocked.Decrement(ref _turnsInside);
        return _value;
    }
}
