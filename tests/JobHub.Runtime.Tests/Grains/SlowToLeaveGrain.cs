namespace JobHub.Runtime.Tests.Grains;

public sealed class SlowToLeaveGrain(Gate gate) : Grain, ISlowToLeaveGrain
{
    public Task Touch() => Task.CompletedTask;

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => gate.PassAsync();
}
