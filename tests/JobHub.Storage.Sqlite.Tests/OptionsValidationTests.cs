using JobHub.Storage.Sqlite.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JobHub.Storage.Sqlite.Tests;

/// <summary>Bad settings stop the silo at start, and the message names every bad setting.</summary>
public sealed class OptionsValidationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task BadGrainStorageOptions_StopTheSiloNamingEachSetting()
    {
        var message = await StartFailureAsync(s => s.AddSqliteGrainStorageAsDefault(o =>
        {
            o.DataSource = " ";
            o.WriteBatchSize = 0;
            o.MaxPendingWrites = -1;
            o.BusyTimeout = TimeSpan.FromSeconds(-1);
        }));

        Assert.Contains("SQLite grain storage 'Default'", message, StringComparison.Ordinal);
        Assert.Contains("DataSource", message, StringComparison.Ordinal);
        Assert.Contains("WriteBatchSize", message, StringComparison.Ordinal);
        Assert.Contains("MaxPendingWrites", message, StringComparison.Ordinal);
        Assert.Contains("BusyTimeout", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxPendingWritesBelowBatchSize_IsRefused()
    {
        var message = await StartFailureAsync(s => s.AddSqliteGrainStorageAsDefault(o =>
        {
            o.WriteBatchSize = 500;
            o.MaxPendingWrites = 100;
        }));

        Assert.Contains("MaxPendingWrites must be at least WriteBatchSize (500) (was 100)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadReminderOptions_StopTheSiloNamingEachSetting()
    {
        var message = await StartFailureAsync(s => s.UseSqliteReminderService(o =>
        {
            o.DataSource = ":memory:";
            o.BusyTimeout = TimeSpan.FromDays(-1);
        }));

        Assert.Contains("SQLite reminder table", message, StringComparison.Ordinal);
        Assert.Contains("DataSource", message, StringComparison.Ordinal);
        Assert.Contains("BusyTimeout", message, StringComparison.Ordinal);
    }

    private async Task<string> StartFailureAsync(Action<Orleans.Hosting.ISiloBuilder> configure)
    {
        // Validation fails before any hosted service starts, so there is nothing to stop.
        using var host = TestSilo.Build(_folder.Database(), new CapturingLoggerProvider(), configure);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        var errors = error is AggregateException aggregate ? aggregate.InnerExceptions : [error];
        Assert.All(errors, e => Assert.IsType<OptionsValidationException>(e));
        return string.Join(" | ", errors.Select(e => e.Message));
    }
}
