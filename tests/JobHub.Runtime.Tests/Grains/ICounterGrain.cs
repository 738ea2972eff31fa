namespace JobHub.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<int> Get();

    /// <summary>Increments across an await, so interleaving would lose updates.</summary>
    Task<int> IncrementSlowly();

    Task Throw(string message);

    Task<string> ActivationId();
}
