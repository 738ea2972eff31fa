using JobHub.Runtime.Core;
using JobHub.Runtime.Messaging;
using JobHub.Runtime.Metadata;
using JobHub.Runtime.Reminders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Hosting;

/// <summary>
/// Starts the runtime with the host (grain types validated, reminders loaded, idle collection on) and
/// stops it gracefully: every activation is deactivated with its state written before the host exits.
/// </summary>
internal sealed partial class SiloLifecycleService(
    GrainTypeRegistry registry,
    Catalog catalog,
    PendingCalls pending,
    ReminderService reminders,
    IdleCollector collector,
    LocalSiloDetails silo,
    IOptions<JobHubRuntimeOptions> options,
    ILogger<SiloLifecycleService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await reminders.StartAsync(0, 0, cancellationToken).ConfigureAwait(false);
        collector.Start();
        LogStarted(logger, silo.Name, silo.Address, registry.Classes.Count());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        LogStopping(logger, catalog.Count);
        collector.Dispose();
        await reminders.DisposeAsync().ConfigureAwait(false);
        try
        {
            await catalog.DeactivateAllAsync(options.Value.DeactivationTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogDeactivationTimedOut(logger, catalog.Count);
        }

        pending.FailAll(m => new SiloUnavailableException($"{m} was not answered: the silo stopped."));
        pending.Dispose();
        LogStopped(logger);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Silo {SiloName} ({SiloAddress}) started with {GrainClassCount} grain classes")]
    private static partial void LogStarted(ILogger logger, string siloName, SiloAddress siloAddress, int grainClassCount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Silo stopping: deactivating {ActivationCount} activations")]
    private static partial void LogStopping(ILogger logger, int activationCount);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Deactivation timed out with {ActivationCount} activations left")]
    private static partial void LogDeactivationTimedOut(ILogger logger, int activationCount);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Silo stopped")]
    private static partial void LogStopped(ILogger logger);
}
