using JobHub.Runtime;

namespace JobHub.Cluster.TestGrains;

public sealed class DurableCounterGrain([PersistentState("counter")] IPersistentState<DurableCounterState> state) : Grain, IDurableCounterGrain
{
    public async Task<long> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<long> Get() => Task.FromResult(state.State.Value);
}
