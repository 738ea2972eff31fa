using JobHub.Grains.Jobs.Index;

namespace JobHub.Grains.Tests.Storage;

/// <summary>The job list contract on PostgreSQL, in a schema of its own (dropped afterwards).</summary>
public sealed class PostgresJobIndexTests : JobIndexContractTests, IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new("index");

    public PostgresJobIndexTests() => Index = new PostgresJobIndex(_schema.NewDatabase());

    protected override IJobIndex Index { get; }

    public Task InitializeAsync() => _schema.InitializeAsync();

    public Task DisposeAsync() => _schema.DisposeAsync().AsTask();
}
