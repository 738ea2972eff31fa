namespace JobHub.Runtime.Tests.Grains;

[CollectionAgeLimit(2)]
public sealed class LifecycleGrain(LifecycleLog log) : Grain, ILifecycleGrain
{
    private readonly string _instance = Guid.NewGuid().ToString("N");

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (log.ActivationFailuresLeft.TryGetValue(GetPrimaryKeyString(), out var left) && left > 0)
        {
            log.ActivationFailuresLeft[GetPrimaryKeyString()] = left - 1;
            throw new InvalidDataException($"activation of {GetPrimaryKeyString()} failed on purpose");
        }

        log.Events.Enqueue($"activate:{GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        log.Events.Enqueue($"deactivate:{GetPrimaryKeyString()}:{reason}");
        return Task.CompletedTask;
    }

    public Task<string> Ping() => Task.FromResult(_instance);

    public Task DeactivateAfterThisCall()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
