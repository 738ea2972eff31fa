namespace JobHub.Storage.Postgres.Tests.Grains;

/// <summary>A grain whose state lives in the batched PostgreSQL storage, for the end-to-end cluster test.</summary>
[Alias("jobhub.tests.IPersistentTestGrain")]
public interface IPersistentTestGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="value"/>, registers a reminder, and says where it ran.</summary>
    Task<GrainReport> SetAsync(string value);

    /// <summary>The stored value and where the grain runs.</summary>
    Task<GrainReport> GetAsync();
}
