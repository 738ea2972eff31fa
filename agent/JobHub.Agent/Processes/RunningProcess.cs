using Microsoft.Extensions.Logging;

namespace JobHub.Agent.Processes;

/// <summary>
/// A started OS process of a job, leading a session and process group of its own. <see cref="Exited"/> completes
/// with the exit code once the process exited, what it left in its group was ended, and its output was read to the
/// end (so the last log line was delivered before it). A job's background processes end with its process: when the
/// process exits by itself, what is left of its group is SIGKILLed.
/// </summary>
public sealed partial class RunningProcess : IDisposable
{
    /// <summary>How long, after its process exited, the SIGKILLed rest of its group may take to be gone: 2 s.</summary>
    internal static readonly TimeSpan GroupReapTimeout = TimeSpan.FromSeconds(2);

    private readonly SpawnedProcess _process;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Task _processExited;
    private readonly OutputPump _pump;
    private readonly TaskCompletionSource _stopSettled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _terminating;

    internal RunningProcess(SpawnedProcess process, ProcessLabel label, OutputPump pump, ulong startTime, string? executable, TimeProvider timeProvider, ILogger logger)
    {
        _process = process;
        _timeProvider = timeProvider;
        _logger = logger;
        Label = label;
        Pid = process.Pid;
        ProcessGroup = process.Pid;
        StartTime = startTime;
        Executable = executable;
        _pump = pump;
        _processExited = process.Exited;
        Reaped = ReapAsync();
        Exited = MonitorAsync(pump);
    }

    /// <summary>The OS process id.</summary>
    public int Pid { get; }

    /// <summary>Job, role and worker index of this process.</summary>
    public ProcessLabel Label { get; }

    /// <summary>Completes with the exit code (128 + signal number when a signal ended it).</summary>
    public Task<int> Exited { get; }

    /// <summary>The process group it leads (its pid).</summary>
    internal int? ProcessGroup { get; }

    /// <summary>Its start time in clock ticks since boot; 0 when it could not be read.</summary>
    internal ulong StartTime { get; }

    /// <summary>The file it ran once started (<c>/proc/{pid}/exe</c>); null when it could not be read.</summary>
    internal string? Executable { get; }

    /// <summary>What <see cref="ProcessTree"/> needs to find and kill it with everything it started.</summary>
    internal KillTarget Target => new(Pid, ProcessGroup, StartTime);

    /// <summary>True once the process exited and was reaped (its group and output may still be being dealt with).</summary>
    internal bool HasExited => _processExited.IsCompleted;

    /// <summary>
    /// Completes once the process exited and was reaped and what was left of its group was ended (by its stop, or
    /// SIGKILLed when it exited by itself): true when nothing of its group runs any more, false when something still
    /// ran <see cref="GroupReapTimeout"/> after.
    /// </summary>
    internal Task<bool> Reaped { get; }

    /// <summary>
    /// Stops the process: SIGTERM to its whole process group (to the process alone when it has none), then up to
    /// <paramref name="grace"/> for the process and every member of its group to exit, then SIGKILL to its group and
    /// tree. When <paramref name="cancellationToken"/> is cancelled during the grace, the kill is sent at once (and
    /// the wait for the exit then ends with <see cref="OperationCanceledException"/>). Returns once
    /// <see cref="Exited"/> completed. The kill (which reads /proc to find the tree) runs on the thread pool, not in
    /// the caller's context.
    /// </summary>
    public async Task<StopOutcome> StopAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero);
        if (_processExited.IsCompleted)
        {
            await Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
            return StopOutcome.AlreadyExited;
        }

        Interlocked.Exchange(ref _terminating, 1);
        try
        {
            var errno = await Task.Run(() => ProcessTree.Terminate(Target), CancellationToken.None).ConfigureAwait(false);
            if (errno != 0)
            {
                LogTerminateFailed(_logger, Label, Pid, errno);
            }
            else
            {
                LogTerminateSent(_logger, Label, Pid, grace);
            }

            if (await EndsWithinAsync(grace, cancellationToken).ConfigureAwait(false))
            {
                _stopSettled.TrySetResult();
                await Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
                return StopOutcome.ExitedAfterTerminate;
            }

            await Task.Run(Kill, CancellationToken.None).ConfigureAwait(false);
            LogKilled(_logger, Label, Pid, grace);
            await Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
            return StopOutcome.Killed;
        }
        finally
        {
            _stopSettled.TrySetResult();
        }
    }

    /// <summary>
    /// Kills the process as a machine that vanished would: SIGKILL to it, its group and tree at once, no SIGTERM and no
    /// grace. Completes once <see cref="Exited"/> did (its output read to the end). The kill runs on the thread pool.
    /// </summary>
    public async Task<int> KillAsync()
    {
        if (!_processExited.IsCompleted)
        {
            Interlocked.Exchange(ref _terminating, 1);
            await Task.Run(Kill, CancellationToken.None).ConfigureAwait(false);
        }

        return await Exited.ConfigureAwait(false);
    }

    /// <summary>
    /// SIGKILL to the process, its process group and every descendant, at once (one look at /proc); does not wait.
    /// A stop under way then waits no longer.
    /// </summary>
    internal void Kill()
    {
        var target = Target;
        ProcessTree.Kill(target, ProcessTree.Find(ProcessTree.Snapshot.Take(), target));
        _stopSettled.TrySetResult();
    }

    /// <summary>Marks the process as being killed by someone else (<see cref="ProcessRegistry.KillAllAsync"/>): a stop under way waits no longer.</summary>
    internal void KillingElsewhere() => _stopSettled.TrySetResult();

    /// <summary>
    /// Waits up to <paramref name="grace"/> for the process to exit and its group to be empty. False when the grace
    /// ran out or <paramref name="cancellationToken"/> was cancelled first (the caller then kills).
    /// </summary>
    private async Task<bool> EndsWithinAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        try
        {
            await _processExited.WaitAsync(grace, _timeProvider, cancellationToken).ConfigureAwait(false);
            var left = grace - _timeProvider.GetElapsedTime(started);
            return await ProcessTree.WaitUntilGroupEmptyAsync(Target, left > TimeSpan.Zero ? left : TimeSpan.Zero, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller cannot wait any longer (a deactivation or shutdown limit): no grace is left.
            return false;
        }
    }

    private async Task<bool> ReapAsync()
    {
        await _processExited.ConfigureAwait(false);
        if (ProcessGroup is null)
        {
            return true;
        }

        if (Volatile.Read(ref _terminating) == 0)
        {
            // It ended by itself: the background processes it left in its group end with it.
            var left = await Task.Run(() => ProcessTree.KillGroupLeftovers(Target)).ConfigureAwait(false);
            if (left > 0)
            {
                LogLeftoversKilled(_logger, Label, Pid, left);
            }
        }
        else
        {
            // Its stop deals with the group: SIGTERM and the grace, then SIGKILL.
            await _stopSettled.Task.ConfigureAwait(false);
        }

        var empty = await ProcessTree.WaitUntilGroupEmptyAsync(Target, GroupReapTimeout, _timeProvider).ConfigureAwait(false);
        if (!empty)
        {
            LogGroupSurvived(_logger, Label, Pid, GroupReapTimeout);
        }

        return empty;
    }

    private async Task<int> MonitorAsync(OutputPump pump)
    {
        await Reaped.ConfigureAwait(false);
        await pump.DrainAsync(Label).ConfigureAwait(false);
        var exitCode = await _process.Exited.ConfigureAwait(false);
        LogExited(_logger, Label, Pid, exitCode);
        return exitCode;
    }

    /// <summary>Closes its output pipes; does not stop the process.</summary>
    public void Dispose()
    {
        _process.Dispose();
        _pump.Dispose();
    }
}
