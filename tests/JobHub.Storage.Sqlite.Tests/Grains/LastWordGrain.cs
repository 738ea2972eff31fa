namespace JobHub.Storage.Sqlite.Tests.Grains;

[GrainType("last-word")]
public sealed class LastWordGrain([PersistentState("last-word", "Default")] IPersistentState<TestState> state) : Grain, ILastWordGrain
{
    private string? _pending;

    public Task SetAsync(string word)
    {
        _pending = word;
        return Task.CompletedTask;
    }

    public Task<string> GetAsync() => Task.FromResult(state.State.Text);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_pending is not null)
        {
            state.State.Text = _pending;
            await state.WriteStateAsync(cancellationToken);
        }
    }
}
