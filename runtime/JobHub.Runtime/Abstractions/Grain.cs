using JobHub.Runtime.Core;
using JobHub.Runtime.Reminders;
using JobHub.Runtime.Timers;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Runtime;

/// <summary>
/// The base class of grain implementations. Instances are created by the runtime on the first call
/// (constructor parameters come from dependency injection) and run one turn at a time.
/// </summary>
public abstract class Grain
{
    private readonly Activation _activation;

    protected Grain()
    {
        _activation = Activation.Constructing
            ?? throw new InvalidOperationException($"{GetType().Name} is a grain: the runtime creates it. Use IGrainFactory.GetGrain to call it.");
    }

    public GrainId GrainId => _activation.GrainId;

    /// <summary>The factory for calling other grains from this one.</summary>
    protected IGrainFactory GrainFactory => _activation.Catalog.Services.GetRequiredService<IGrainFactory>();

    protected IServiceProvider ServiceProvider => _activation.Catalog.Services;

    internal Activation Activation => _activation;

    public string GetPrimaryKeyString() => GrainId.Key;

    public Guid GetPrimaryKey() => Guid.Parse(GrainId.Key);

    /// <summary>Runs after the grain's persistent state is loaded and before the first call is delivered.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs when the activation goes (idle, asked to, or silo shutdown); not on a crash.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current request (and any running ones) complete.</summary>
    protected void DeactivateOnIdle() => _activation.DeactivateOnIdle();

    /// <summary>Starts a volatile timer whose callback runs as a turn of this activation; it ends with the activation.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(options);
        return new GrainTimer(_activation, callback, options);
    }

    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        RegisterGrainTimer(callback, new GrainTimerOptions { DueTime = dueTime, Period = period });

    /// <summary>Registers (or moves) a durable reminder: it survives deactivation and silo restarts and activates the grain to tick.</summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        Reminders.RegisterOrUpdateAsync(GrainId, reminderName, dueTime, period);

    protected Task UnregisterReminder(string reminderName) => Reminders.UnregisterAsync(GrainId, reminderName);

    protected Task<IGrainReminder?> GetReminder(string reminderName) => Reminders.GetAsync(GrainId, reminderName);

    protected Task<IReadOnlyList<IGrainReminder>> GetReminders() => Reminders.GetAllAsync(GrainId);

    private ReminderService Reminders => _activation.Catalog.Services.GetRequiredService<ReminderService>();
}
