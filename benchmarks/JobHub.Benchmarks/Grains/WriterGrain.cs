namespace JobHub.Benchmarks.Grains;

public sealed class WriterGrain([PersistentState("bench")] IPersistentState<WriterState> state) : Grain, IWriterGrain
{
    public async Task<int> IncrementAndWrite()
    {
        state.State.Value++;
        state.State.Note = "v" + state.State.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await state.WriteStateAsync();
        return state.State.Value;
    }
}
