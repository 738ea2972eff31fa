using JobHub.Runtime.Membership;
using JobHub.Runtime.Reminders;
using JobHub.Runtime.Sql.Hosting;
using JobHub.Runtime.Sql.Options;
using JobHub.Runtime.Sql.Postgres;
using JobHub.Runtime.Sql.Sqlite;
using JobHub.Runtime.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace JobHub.Runtime.Sql.Tests.Hosting;

public sealed class SqlStorageBuilderExtensionsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "jobhub-sql-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task UseSqliteStorage_CalledTwice_RegistersEachServiceOnceAndCreatesTheFolderOnStart()
    {
        var services = new ServiceCollection();
        var builder = new TestRuntimeBuilder(services);
        var path = Path.Combine(_folder, "deep", "jobhub.db");

        builder.UseSqliteStorage(o => o.DataSource = path);
        builder.UseSqliteStorage(o => o.DataSource = path);

        Assert.Single(services, d => d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, GrainStorageNames.Default));
        Assert.Single(services, d => d.ServiceType == typeof(IReminderTable));
        Assert.Single(services, d => d.ServiceType == typeof(IMembershipTable));
        Assert.Single(services, d => d.ServiceType == typeof(SqliteDatabase));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        Assert.IsType<SqliteGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default));
        Assert.IsType<SqliteReminderTable>(provider.GetRequiredService<IReminderTable>());
        Assert.IsType<SqliteMembershipTable>(provider.GetRequiredService<IMembershipTable>());
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        Assert.True(File.Exists(path));
    }

    [Fact]
    public void UsePostgresStorage_AfterAnotherProvider_ReplacesTheInterfaces()
    {
        var services = new ServiceCollection();
        services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, new MemoryGrainStorage());
        services.AddSingleton<IReminderTable>(new MemoryReminderTable());
        var builder = new TestRuntimeBuilder(services);

        builder.UsePostgresStorage(o => o.ConnectionString = "Host=127.0.0.1;Username=u;Password=p;Database=d");

        using var provider = services.BuildServiceProvider();
        Assert.IsType<PostgresGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default));
        Assert.IsType<PostgresReminderTable>(provider.GetRequiredService<IReminderTable>());
        Assert.IsType<PostgresMembershipTable>(provider.GetRequiredService<IMembershipTable>());
    }

    [Fact]
    public async Task UsePostgresStorage_WithoutConnectionString_FailsAtStartNamingTheProperty()
    {
        var host = Host.CreateApplicationBuilder();
        new TestRuntimeBuilder(host.Services).UsePostgresStorage(o => o.Schema = "Bad-Schema");
        using var app = host.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(error.Failures, f => f.Contains(nameof(PostgresStorageOptions.ConnectionString), StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains(nameof(PostgresStorageOptions.Schema), StringComparison.Ordinal));
    }

    [Fact]
    public void SqliteStorageOptionsValidator_BadValues_ReportsEveryPropertyByName()
    {
        var options = new SqliteStorageOptions
        {
            DataSource = " ",
            ClusterId = "",
            WriteBatchSize = 0,
            MaxPendingWrites = 0,
            BusyTimeout = TimeSpan.FromSeconds(-1),
        };

        var result = new SqliteStorageOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var property in new[] { "DataSource", "ClusterId", "WriteBatchSize", "MaxPendingWrites", "BusyTimeout" })
        {
            Assert.Contains(result.Failures!, f => f.StartsWith(property, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void PostgresStorageOptionsValidator_BadValues_ReportsEveryPropertyByName()
    {
        var options = new PostgresStorageOptions { ConnectionString = "", ClusterId = " ", Schema = "x;drop", CommandTimeout = TimeSpan.Zero };

        var result = new PostgresStorageOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var property in new[] { "ConnectionString", "ClusterId", "Schema", "CommandTimeout" })
        {
            Assert.Contains(result.Failures!, f => f.StartsWith(property, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void StorageOptions_Defaults_AreValid()
    {
        Assert.True(new SqliteStorageOptionsValidator().Validate(null, new SqliteStorageOptions()).Succeeded);
        Assert.True(new PostgresStorageOptionsValidator().Validate(null, new PostgresStorageOptions { ConnectionString = "Host=h" }).Succeeded);
        Assert.Equal("data/jobhub.db", new SqliteStorageOptions().DataSource);
    }
}
