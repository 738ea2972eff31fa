namespace JobHub.Benchmarks.Grains;

/// <summary>A grain with no fields of its own: what an idle activation costs is the runtime's overhead.</summary>
public sealed class EmptyGrain : Grain, IEmptyGrain
{
    public Task Touch() => Task.CompletedTask;
}
