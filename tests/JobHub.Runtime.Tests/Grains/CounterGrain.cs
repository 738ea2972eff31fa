namespace JobHub.Runtime.Tests.Grains;

public sealed class CounterGrain : Grain, ICounterGrain
{
    private readonly string _activationId = Guid.NewGuid().ToString("N");
    private int _count;

    public Task<int> Increment() => Task.FromResult(++_count);

    public Task<int> Get() => Task.FromResult(_count);

    public async Task<int> IncrementSlowly()
    {
        var before = _count;
        await Task.Yield();
        _count = before + 1;
        return _count;
    }

    public Task Throw(string message) => throw new InvalidOperationException(message);

    public Task<string> ActivationId() => Task.FromResult(_activationId);
}
