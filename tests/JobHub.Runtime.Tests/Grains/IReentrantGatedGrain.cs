namespace JobHub.Runtime.Tests.Grains;

public interface IReentrantGatedGrain : IGrainWithStringKey
{
    Task<int> WaitAtGate();

    /// <summary>Read-modify-write across an await: on a reentrant grain the turns interleave but never run in parallel.</summary>
    Task<int> IncrementAcrossAwait();
}
