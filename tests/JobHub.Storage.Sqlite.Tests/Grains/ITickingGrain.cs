namespace JobHub.Storage.Sqlite.Tests.Grains;

[Alias("jobhub.tests.ITickingGrain")]
public interface ITickingGrain : IGrainWithStringKey
{
    /// <summary>Registers the reminder "tick" with <paramref name="period"/> as due time and period.</summary>
    Task StartTickingAsync(TimeSpan period);
}
