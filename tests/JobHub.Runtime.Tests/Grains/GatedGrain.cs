namespace JobHub.Runtime.Tests.Grains;

public sealed class GatedGrain(Gate gate) : Grain, IGatedGrain
{
    private int _calls;

    public async Task<int> WaitAtGate()
    {
        _calls++;
        await gate.PassAsync();
        return _calls;
    }

    public Task<string> Normal() => Task.FromResult($"normal after {_calls}");

    public Task<string> Peek() => Task.FromResult($"peek during {gate.Inside}");
}
