namespace JobHub.Runtime.Tests.Grains;

public sealed class GuidGrain : Grain, IGuidGrain
{
    public Task<Guid> Key() => Task.FromResult(GetPrimaryKey());

    public ValueTask<string> KeyText() => ValueTask.FromResult(GetPrimaryKeyString());

    public ValueTask Touch() => ValueTask.CompletedTask;
}
