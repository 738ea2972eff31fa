namespace JobHub.Runtime.Tests.Grains;

public interface IGatedGrain : IGrainWithStringKey
{
    /// <summary>Waits at the gate; holds the grain's turn until the test opens it.</summary>
    Task<int> WaitAtGate();

    Task<string> Normal();

    [AlwaysInterleave]
    Task<string> Peek();
}
