namespace JobHub.Storage.Sqlite.Tests.Grains;

[Alias("jobhub.tests.ILastWordGrain")]
public interface ILastWordGrain : IGrainWithStringKey
{
    /// <summary>Remembers <paramref name="word"/> in memory only; it is written when the grain deactivates.</summary>
    Task SetAsync(string word);

    Task<string> GetAsync();
}
