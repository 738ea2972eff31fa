namespace JobHub.Runtime.Tests.Grains;

public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<string> Ping();

    Task DeactivateAfterThisCall();
}
