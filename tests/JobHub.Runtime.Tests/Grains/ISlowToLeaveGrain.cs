namespace JobHub.Runtime.Tests.Grains;

/// <summary>A grain whose deactivation waits for the test's <see cref="Gate"/>: it holds its silo in "shutting down".</summary>
public interface ISlowToLeaveGrain : IGrainWithStringKey
{
    Task Touch();
}
