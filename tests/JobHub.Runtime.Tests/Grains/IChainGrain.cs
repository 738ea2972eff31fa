namespace JobHub.Runtime.Tests.Grains;

public interface IChainGrain : IGrainWithStringKey
{
    /// <summary>Calls the first grain of the path with the rest of it; returns the keys visited.</summary>
    Task<string> CallThrough(string[] path);
}
