namespace JobHub.Storage.Sqlite.Tests.Grains;

[Alias("jobhub.tests.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one and writes the state; returns the new value.</summary>
    Task<int> IncrementAsync();

    Task<int> GetAsync();
}
