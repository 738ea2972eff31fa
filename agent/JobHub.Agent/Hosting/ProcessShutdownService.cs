using JobHub.Agent.Processes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Agent.Hosting;

/// <summary>
/// Makes sure nothing the silo starts outlives it, and nothing a crashed predecessor started runs beside it:
/// <list type="bullet">
/// <item>Before any service starts (<see cref="StartingAsync"/>), the <see cref="OrphanProcessReaper"/> kills the
/// processes a silo on the same data folder left running.</item>
/// <item>When the host begins to stop, it sets the kill deadline, <see cref="ShutdownGrace.Within"/> the host's
/// <see cref="HostOptions.ShutdownTimeout"/> from now: nodes stopping their processes give them at most that long
/// after SIGTERM, and at the deadline every process still running is SIGKILLed with its group and children, whether
/// or not its node got to stop it.</item>
/// <item>After every service stopped (<see cref="StoppedAsync"/>, so also after Orleans gave up on deactivations that
/// timed out), it SIGKILLs what still runs and waits, up to <see cref="ReapTimeout"/>, until it is gone.</item>
/// <item>When the silo process exits in any other orderly way, it SIGKILLs whatever still runs.</item>
/// </list>
/// </summary>
public sealed partial class ProcessShutdownService : IHostedLifecycleService, IDisposable
{
    /// <summary>How long the last sweep at the host's stop waits for killed processes to be gone: 2 s.</summary>
    public static readonly TimeSpan ReapTimeout = TimeSpan.FromSeconds(2);

    private readonly ProcessRegistry _registry;
    private readonly OrphanProcessReaper _reaper;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly HostOptions _hostOptions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private CancellationTokenRegistration _stopping;
    private ITimer? _killTimer;
    private Task _deadlineKill = Task.CompletedTask;
    private bool _watchingExit;

    /// <summary>Creates the service.</summary>
    public ProcessShutdownService(
        ProcessRegistry registry,
        OrphanProcessReaper reaper,
        IHostApplicationLifetime lifetime,
        IOptions<HostOptions> hostOptions,
        TimeProvider timeProvider,
        ILogger<ProcessShutdownService> logger)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(reaper);
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(hostOptions);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _registry = registry;
        _reaper = reaper;
        _lifetime = lifetime;
        _hostOptions = hostOptions.Value;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>The longest time a process gets after SIGTERM once the host began to stop (<see cref="ShutdownGrace.Within"/> the shutdown timeout).</summary>
    public TimeSpan ShutdownGracePeriod => ShutdownGrace.Within(_hostOptions.ShutdownTimeout);

    /// <summary>Kills the orphans of an earlier silo before any service (the Orleans silo among them) starts.</summary>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        _stopping = _lifetime.ApplicationStopping.Register(BeginShutdown);
        lock (_gate)
        {
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
            _watchingExit = true;
        }

        LogShutdownPlan(_logger, _hostOptions.ShutdownTimeout, ShutdownGracePeriod);
        await _reaper.ReapAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Sets the kill deadline (if the application-stopping signal did not already).</summary>
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        BeginShutdown();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The last sweep: SIGKILL to whatever still runs, and a bounded wait until it is gone.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        BeginShutdown();
        Task deadlineKill;
        lock (_gate)
        {
            // The sweep below replaces a deadline kill still to come; one under way is waited for.
            _killTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            deadlineKill = _deadlineKill;
        }

        await deadlineKill.ConfigureAwait(false);
        await _registry.KillAllAsync("the silo stopped", ReapTimeout).ConfigureAwait(false);
    }

    /// <summary>Kills whatever still runs (a host disposed without being stopped) and lets go of the process's exit.</summary>
    public void Dispose()
    {
        OnProcessExit(this, EventArgs.Empty);
        _stopping.Dispose();
        lock (_gate)
        {
            _killTimer?.Dispose();
            if (_watchingExit)
            {
                AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
                _watchingExit = false;
            }
        }
    }

    private void BeginShutdown()
    {
        lock (_gate)
        {
            if (_killTimer is not null)
            {
                return;
            }

            var grace = ShutdownGracePeriod;
            if (grace == TimeSpan.MaxValue)
            {
                // An infinite shutdown timeout: stops are not hurried (StoppedAsync still sweeps), but nothing new starts.
                _registry.BeginShutdown(DateTimeOffset.MaxValue);
                _killTimer = _time.CreateTimer(static _ => { }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return;
            }

            var deadline = _registry.BeginShutdown(_time.GetUtcNow() + grace);
            LogStopping(_logger, _registry.Count, deadline);
            _killTimer = _time.CreateTimer(_ => KillAtDeadline(), null, grace, Timeout.InfiniteTimeSpan);
        }
    }

    private void KillAtDeadline()
    {
        lock (_gate)
        {
            _deadlineKill = _registry.KillAllAsync("the silo's shutdown grace period ran out", ReapTimeout);
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        var killed = _registry.KillAllNow();
        if (killed > 0)
        {
            try
            {
                LogKilledAtExit(_logger, killed);
            }
            catch (ObjectDisposedException)
            {
                // The logging providers are gone this late in the process's exit.
            }
        }
    }
}
