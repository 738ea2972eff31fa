using JobHub.Runtime.Cluster;
using JobHub.Runtime.Core;
using JobHub.Runtime.Messaging;
using JobHub.Runtime.Metadata;
using JobHub.Runtime.Reminders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Hosting;

/// <summary>
/// Starts the runtime with the host (grain types validated, reminders loaded, idle collection on) and
/// stops it gracefully: every activation is deactivated with its state written before the host exits.
/// </summary>
/// <remarks>
/// Dependencies are resolved at start, not construction: the host builds hosted services before it
/// validates options, and a bad setting must be reported by the validators, by name, not as a crash here.
/// </remarks>
internal sealed partial class SiloLifecycleService(IServiceProvider services, ILogger<SiloLifecycleService> logger) : IHostedService
{
    private GrainTypeRegistry registry = null!;
    private Catalog catalog = null!;
    private PendingCalls pending = null!;
    private ReminderService reminders = null!;
    private IdleCollector collector = null!;
    private IOptions<JobHubRuntimeOptions> options = null!;
    private IClusterLifecycle? cluster;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        registry = services.GetRequiredService<GrainTypeRegistry>();
        catalog = services.GetRequiredService<Catalog>();
        pending = services.GetRequiredService<PendingCalls>();
        reminders = services.GetRequiredService<ReminderService>();
        collector = services.GetRequiredService<IdleCollector>();
        options = services.GetRequiredService<IOptions<JobHubRuntimeOptions>>();
        var silo = services.GetRequiredService<LocalSiloDetails>();
        cluster = services.GetService<IClusterLifecycle>();
        if (cluster is not null)
        {
            await cluster.JoinAsync(cancellationToken).ConfigureAwait(false); // reminders follow the ring from here on
        }
        else
        {
            await reminders.StartAsync(0, 0, cancellationToken).ConfigureAwait(false);
        }

        collector.Start();
        LogStarted(logger, silo.Name, silo.Address, registry.Classes.Count());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (catalog is null)
        {
            return; // never started
        }

        LogStopping(logger, catalog.Count);
        collector.Dispose();
        if (cluster is not null)
        {
            // Leave first: the ring moves on without this silo, so its grains go to their new owners as they deactivate.
            await cluster.BeginLeavingAsync(cancellationToken).ConfigureAwait(false);
        }

        await reminders.DisposeAsync().ConfigureAwait(false);
        try
        {
            await catalog.DeactivateAllAsync(options.Value.DeactivationTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            LogDeactivationTimedOut(logger, catalog.Count);
        }

        if (cluster is not null)
        {
            await cluster.FinishLeavingAsync(cancellationToken).ConfigureAwait(false);
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
