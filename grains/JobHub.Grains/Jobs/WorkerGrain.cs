using System.Globalization;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Placement;
using Orleans.Runtime;

namespace JobHub.Grains.Jobs;

/// <summary>
/// One process of a job (key <c>{jobId}/{index}</c>). Starts it on its node, takes the node's exit
/// report, and decides: stopped or exit 0 → exited; otherwise a fixed pool's worker or the master
/// fails, while an elastic pool's worker is restarted after a backoff until the restart cap.
/// Every change goes to the job with the one-way <see cref="IJobGrain.OnWorkerChanged"/>.
/// </summary>
[PreferLocalPlacement]
[GrainType("worker")]
internal sealed partial class WorkerGrain(
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<WorkerGrain> logger,
    [PersistentState("worker")] IPersistentState<WorkerGrainState> state) : Grain, IWorkerGrain
{
    /// <summary>How the reason of a process lost with its node begins; the node's reason follows.</summary>
    internal const string LostPrefix = "lost: ";

    /// <summary>How the reason of an elastic worker lost with its node ends: its job places it again.</summary>
    internal const string ToBePlacedAgainSuffix = "; to be placed again on another node (not counted as a restart)";

    private IGrainTimer? _restartTimer;

    private WorkerGrainState S => state.State;

    private string JobId => this.GetPrimaryKeyString()[..this.GetPrimaryKeyString().LastIndexOf('/')];

    private int Index => int.Parse(this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);

    /// <summary>The grain key of worker <paramref name="index"/> of <paramref name="jobId"/>.</summary>
    public static string KeyOf(string jobId, int index) => string.Create(CultureInfo.InvariantCulture, $"{jobId}/{index}");

    /// <inheritdoc />
    public async Task<WorkerInfo> Start(WorkerLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (S.StopRequested || S.Status.IsTerminal() || S.Launch is not null)
        {
            return Info(); // started before (a repeated call) or already over
        }

        S.Launch = launch;
        Set(WorkerStatus.Placed, $"placed on {launch.NodeId}{RunSuffix()}");
        await LaunchAsync();
        return Info();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Idempotent, and a repeated stop of a running process is passed on again: the job repeats it when an
    /// earlier one may not have arrived. Whenever a process may exist (running, or a start the node never
    /// answered) the node is told, so it stops the process even if its start is still under way.
    /// </remarks>
    public async Task<WorkerInfo> Stop(string reason)
    {
        if (S.Status.IsTerminal())
        {
            return Info();
        }

        if (S.StopRequested)
        {
            if (S.Status == WorkerStatus.Running && S.Launch is { } stopping)
            {
                await Node(stopping).StopProcess(JobId, Index, reason);
            }

            return Info();
        }

        S.StopRequested = true;
        if (S.Launch is { } launch && (S.Status == WorkerStatus.Running || S.StartInDoubt))
        {
            await Node(launch).StopProcess(JobId, Index, reason);
        }

        if (S.Status == WorkerStatus.Running)
        {
            S.Reason = $"stopping: {reason}";
            S.Version++;
        }
        else
        {
            _restartTimer?.Dispose();
            _restartTimer = null;
            Set(WorkerStatus.Exited, $"stopped before it ran: {reason}");
        }

        await SaveAndNotifyAsync();
        return Info();
    }

    /// <inheritdoc />
    public async Task<WorkerInfo> Reuse(int generation)
    {
        if (generation <= S.Generation || !S.Status.IsTerminal())
        {
            return Info(); // re-used already (a repeated call), or its process is not over yet
        }

        S.Restarts = 0;
        S.LostWithNode = null;
        NewRun(generation, "not placed yet");
        await state.WriteStateAsync();
        return Info();
    }

    /// <inheritdoc />
    public async Task<WorkerInfo> OnNodeLost(string nodeId, string reason)
    {
        if (S.Launch is not { } launch || !string.Equals(launch.NodeId, nodeId, StringComparison.Ordinal) || S.Status.IsTerminal())
        {
            return Info(); // elsewhere, over, or lost with it already (the node's exit report came first)
        }

        LoseWithNode(reason);
        await SaveAndNotifyAsync();
        return Info();
    }

    /// <inheritdoc />
    public async Task<WorkerInfo> Relocate(int generation)
    {
        if (S.LostWithNode is not { } node || S.Status != WorkerStatus.Lost || generation <= S.Generation)
        {
            return Info(); // relocated already (a repeated call), or not lost with a node
        }

        // The restart count stays: losing a node is not the worker's failure.
        S.LostWithNode = null;
        NewRun(generation, $"not placed yet: its node {node} went away");
        await state.WriteStateAsync();
        return Info();
    }

    /// <summary>
    /// A new process on this slot: attempts and versions count on, so the node and the job tell its reports from the old
    /// one's; the restart count is the caller's to keep or reset.
    /// </summary>
    private void NewRun(int generation, string reason)
    {
        S.Generation = generation;
        S.Launch = null;
        S.StopRequested = false;
        S.StartInDoubt = false;
        S.Pid = null;
        S.ExitCode = null;
        S.StartedAt = null;
        Set(WorkerStatus.Pending, reason + RunSuffix());
    }

    /// <summary>
    /// Its node went away and took the process with it (the pool decided; the node killed it). Not a failure of the
    /// process: a master or fixed-pool worker is lost (its job fails), an elastic worker waits to be placed elsewhere by
    /// its job without counting a restart, one its job asked to stop is over.
    /// </summary>
    private void LoseWithNode(string reason)
    {
        var launch = S.Launch!;
        _restartTimer?.Dispose();
        _restartTimer = null;
        S.StartInDoubt = false;
        var what = LostPrefix + reason;
        if (launch.Index == 0 || !launch.Elastic)
        {
            Set(WorkerStatus.Lost, what);
        }
        else if (S.StopRequested)
        {
            Set(WorkerStatus.Lost, $"{what}; not restarted (stopped)");
        }
        else
        {
            S.LostWithNode = launch.NodeId;
            Set(WorkerStatus.Lost, what + ToBePlacedAgainSuffix);
        }
    }

    /// <inheritdoc />
    public Task<WorkerInfo> ScaleDown(int generation, string reason) =>
        generation == S.Generation ? Stop(reason) : Task.FromResult(Info());

    /// <inheritdoc />
    public Task<WorkerInfo> Get() => Task.FromResult(Info());

    /// <inheritdoc />
    public async Task<WorkerInfo> SetIdle(bool idle)
    {
        if (S.Status != WorkerStatus.Running || IsIdle == idle)
        {
            return Info();
        }

        S.IdleRunStartedAt = idle ? S.StartedAt : null;
        S.Version++;
        await state.WriteStateAsync();
        return Info();
    }

    /// <inheritdoc />
    public async Task<WorkerInfo> Reconcile()
    {
        if (S.Launch is not { } launch)
        {
            return Info();
        }

        if (S.Status == WorkerStatus.Running)
        {
            var process = await Node(launch).GetProcess(JobId, Index);
            if (process is null || process.Attempt != S.Attempt)
            {
                S.ExitCode = null;
                AfterFailure($"lost: {launch.NodeId} no longer runs its process (node or silo restarted)", WorkerStatus.Lost);
                await SaveAndNotifyAsync();
            }
            else if (process.Exit is { } exit)
            {
                // The node's exit report is on its way, or was lost with a silo that died: apply it now (idempotent).
                await ApplyExitAsync(exit);
            }
        }
        else if (S.Status is WorkerStatus.Starting or WorkerStatus.Placed && _restartTimer is null && !S.StopRequested)
        {
            // A restart whose timer went with an earlier activation.
            await LaunchAsync();
        }

        return Info();
    }

    /// <inheritdoc />
    public Task OnProcessExited(ProcessExit exit)
    {
        ArgumentNullException.ThrowIfNull(exit);
        return ApplyExitAsync(exit);
    }

    /// <summary>Takes a process's exit, from the node's report or from a reconcile; a repeated or late one changes nothing.</summary>
    private async Task ApplyExitAsync(ProcessExit exit)
    {
        if (exit.Attempt != S.Attempt || !(S.Status == WorkerStatus.Running || (S.Status == WorkerStatus.Starting && S.StartInDoubt)))
        {
            return; // a late report about an earlier process
        }

        S.StartInDoubt = false;

        S.ExitCode = exit.ExitCode;
        if (exit.NodeLost)
        {
            LoseWithNode(exit.Reason);
        }
        else if (exit.Stopped || S.StopRequested)
        {
            Set(WorkerStatus.Exited, exit.Reason);
        }
        else if (exit.ExitCode == 0)
        {
            Set(WorkerStatus.Exited, exit.Reason);
        }
        else
        {
            AfterFailure(exit.Reason, exit.ExitCode is null ? WorkerStatus.Lost : WorkerStatus.Failed);
        }

        await SaveAndNotifyAsync();
    }

    private async Task LaunchAsync()
    {
        var launch = S.Launch!;

        // After a start the node never answered, the same attempt again: the node joins that start or
        // answers the process it started, where a new attempt would be refused as a duplicate.
        if (!S.StartInDoubt)
        {
            S.Attempt++;
        }

        S.Pid = null;
        Set(WorkerStatus.Starting, $"starting on {launch.NodeId}");
        ProcessStartResult result;
        try
        {
            result = await Node(launch).StartProcess(new ProcessStartRequest(launch, S.Attempt));
        }
        catch (Exception ex)
        {
            // A timeout or a lost answer: the node may go on and start the process. Kept durable, so a stop
            // tells the node and a reconcile retries the same attempt.
            S.StartInDoubt = true;
            Set(WorkerStatus.Starting, $"starting on {launch.NodeId}: no answer yet ({ex.GetType().Name})");
            await SaveAndNotifyAsync();
            throw;
        }

        S.StartInDoubt = false;
        if (result.Started)
        {
            S.Pid = result.Pid;
            S.ExitCode = null;
            S.StartedAt = time.GetUtcNow();
            Set(WorkerStatus.Running, (S.Restarts == 0 ? $"running on {launch.NodeId}" : string.Create(CultureInfo.InvariantCulture, $"running on {launch.NodeId} after restart {S.Restarts}")) + RunSuffix());
        }
        else if (result.NodeLost)
        {
            LoseWithNode(result.Error ?? $"node {launch.NodeId} went away");
        }
        else
        {
            AfterFailure($"could not start: {result.Error}", WorkerStatus.Failed);
        }

        await SaveAndNotifyAsync();
    }

    /// <summary>The restart policy: only an elastic pool's workers are restarted, with doubling backoff, up to the cap.</summary>
    private void AfterFailure(string what, WorkerStatus finalStatus)
    {
        var launch = S.Launch!;
        var cap = options.Value.MaxWorkerRestarts;
        if (launch.Index == 0)
        {
            Set(finalStatus, what);
        }
        else if (S.StopRequested)
        {
            // Its job stopped it (the job ended): a process lost on the way is over, not restarted.
            Set(finalStatus, $"{what}; not restarted (stopped)");
        }
        else if (!launch.Elastic)
        {
            Set(finalStatus, $"{what}; not restarted (fixed pool)");
        }
        else if (S.Restarts >= cap)
        {
            Set(finalStatus, string.Create(CultureInfo.InvariantCulture, $"{what}; not restarted: it was restarted {S.Restarts} times, the cap is {cap}"));
        }
        else
        {
            S.Restarts++;
            var backoff = TimeSpan.FromTicks(Math.Min(
                options.Value.MaxRestartBackoff.Ticks,
                options.Value.RestartBackoff.Ticks * (1L << Math.Min(S.Restarts - 1, 30))));
            Set(WorkerStatus.Starting, string.Create(CultureInfo.InvariantCulture, $"{what}; restart {S.Restarts} of {cap} in {backoff}"));
            LogRestartScheduled(logger, JobId, Index, S.Restarts, backoff);
            _restartTimer?.Dispose();
            _restartTimer = this.RegisterGrainTimer(RestartAsync, backoff, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task RestartAsync(CancellationToken cancellationToken)
    {
        _restartTimer?.Dispose();
        _restartTimer = null;
        if (!S.StopRequested && S.Status == WorkerStatus.Starting && S.Launch is not null)
        {
            await LaunchAsync();
        }
    }

    private void Set(WorkerStatus status, string reason)
    {
        S.Status = status;
        S.Reason = reason;
        S.Since = time.GetUtcNow();
        S.Version++;
    }

    private async Task SaveAndNotifyAsync()
    {
        await state.WriteStateAsync();

        // One-way: the worker never waits for its job, so the job may call the worker at any time.
        await GrainFactory.GetGrain<IJobGrain>(JobId).OnWorkerChanged(Info());
    }

    /// <summary>Marks a re-used slot's process in its reasons (" (run 2 of this slot)"); empty for the first.</summary>
    private string RunSuffix() => S.Generation == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" (run {S.Generation + 1} of this slot)");

    private INodeGrain Node(WorkerLaunch launch) => GrainFactory.GetGrain<INodeGrain>(launch.NodeId);

    private WorkerInfo Info() => new()
    {
        JobId = JobId,
        Index = Index,
        Status = S.Status,
        Reason = S.Reason,
        NodeId = S.Launch?.NodeId,
        Pid = S.Pid,
        ExitCode = S.ExitCode,
        Restarts = S.Restarts,
        StartedAt = S.StartedAt,
        Since = S.Since,
        Version = S.Version,
        Idle = IsIdle,
    };

    /// <summary>Whether the current run's process said it is idle (a new run starts busy).</summary>
    private bool IsIdle => S.Status == WorkerStatus.Running && S.StartedAt is { } started && S.IdleRunStartedAt == started;

    [LoggerMessage(EventId = 4400, Level = LogLevel.Information, Message = "Worker {Index} of job {JobId}: restart {Restart} in {Backoff}")]
    private static partial void LogRestartScheduled(ILogger logger, string jobId, int index, int restart, TimeSpan backoff);
}
