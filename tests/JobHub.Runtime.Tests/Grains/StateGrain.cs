namespace JobHub.Runtime.Tests.Grains;

public sealed class StateGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, IStateGrain
{
    private readonly string _activationId = Guid.NewGuid().ToString("N");

    public async Task<int> IncrementAndWrite()
    {
        state.State.Value++;
        state.State.History.Add($"v{state.State.Value}");
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> IncrementInMemory() => Task.FromResult(++state.State.Value);

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task<string?> Etag() => Task.FromResult(state.Etag);

    public Task<bool> RecordExists() => Task.FromResult(state.RecordExists);

    public Task Clear() => state.ClearStateAsync();

    public Task<string> ActivationId() => Task.FromResult(_activationId);
}
