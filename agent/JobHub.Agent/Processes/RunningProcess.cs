using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace JobHub.Agent.Processes;

/// <summary>
/// A started OS process of a job, leading a session and process group of its own. <see cref="Exited"/> completes
/// with the exit code once the process exited and its output was read to the end (so the last log line was
/// delivered before it).
/// </summary>
public sealed partial class RunningProcess : IDisposable
{
    private readonly Process _process;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Task _processExited;
    private readonly OutputPump _pump;

    internal RunningProcess(Process process, ProcessLabel label, OutputPump pump, int? processGroup, ulong startTime, TimeProvider timeProvider, ILogger logger)
    {
        _process = process;
        _timeProvider = timeProvider;
        _logger = logger;
        Label = label;
        Pid = process.Id;
        ProcessGroup = processGroup;
        StartTime = startTime;
        _pump = pump;
        _processExited = process.WaitForExitAsync();
        Exited = MonitorAsync(pump);
    }

    /// <summary>The OS process id.</summary>
    public int Pid { get; }

    /// <summary>Job, role and worker index of this process.</summary>
    public ProcessLabel Label { get; }

    /// <summary>Completes with the exit code (128 + signal number when a signal ended it).</summary>
    public Task<int> Exited { get; }

    /// <summary>The process group it leads (its pid), or null when it shares the agent's group (no <c>setsid</c> found).</summary>
    internal int? ProcessGroup { get; }

    /// <summary>Its start time in clock ticks since boot; 0 when it could not be read.</summary>
    internal ulong StartTime { get; }

    /// <summary>True once the process exited and was reaped (its output may still be being read).</summary>
    internal bool HasExited => _processExited.IsCompleted;

    /// <summary>
    /// Stops the process: SIGTERM to it, then up to <paramref name="grace"/> for it to exit, then SIGKILL to its whole
    /// process group and tree. When it exits on SIGTERM, what is left of its group is killed too. When
    /// <paramref name="cancellationToken"/> is cancelled during the grace, the kill is sent at once (and the wait for
    /// the exit then ends with <see cref="OperationCanceledException"/>). Returns once <see cref="Exited"/> completed.
    /// The kill (which reads /proc to find the tree) runs on the thread pool, not in the caller's context.
    /// </summary>
    public async Task<StopOutcome> StopAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero);
        if (_processExited.IsCompleted)
        {
            await Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
            return StopOutcome.AlreadyExited;
        }

        if (NativeMethods.Kill(Pid, NativeMethods.SigTerm) != 0)
        {
            LogTerminateFailed(_logger, Label, Pid, Marshal.GetLastPInvokeError());
        }
        else
        {
            LogTerminateSent(_logger, Label, Pid, grace);
        }

        try
        {
            await _processExited.WaitAsync(grace, _timeProvider, cancellationToken).ConfigureAwait(false);

            // It ended on SIGTERM; children it left in its group go with it.
            KillGroupLeftovers();
            await Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
            return StopOutcome.ExitedAfterTerminate;
        }
        catch (TimeoutException)
        {
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !_processExited.IsCompleted)
        {
            // The caller cannot wait any longer (a deactivation or shutdown limit): no grace is left.
        }

        Kill();
        LogKilled(_logger, Label, Pid, grace);
        await Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
        return StopOutcome.Killed;
    }

    /// <summary>SIGKILL to the process, its process group and every descendant, at once; does not wait.</summary>
    internal void Kill() => ProcessTree.Kill(ProcessTree.Find(Pid, ProcessGroup, StartTime), ProcessGroup);

    /// <summary>
    /// SIGKILL to the process, its group and its descendants, then waits (up to <paramref name="timeout"/>) until none
    /// of them runs and the process was reaped. True when all are gone in time.
    /// </summary>
    internal async Task<bool> KillAndWaitAsync(TimeSpan timeout)
    {
        var started = _timeProvider.GetTimestamp();
        var treeGone = await ProcessTree.KillAndWaitAsync(Pid, ProcessGroup, StartTime, timeout, _timeProvider).ConfigureAwait(false);
        var left = timeout - _timeProvider.GetElapsedTime(started);
        try
        {
            await _processExited.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, _timeProvider).ConfigureAwait(false);
            return treeGone;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private void KillGroupLeftovers()
    {
        if (ProcessGroup is { } group)
        {
            NativeMethods.KillGroup(group, NativeMethods.SigKill);
        }
    }

    private async Task<int> MonitorAsync(OutputPump pump)
    {
        await _processExited;
        await pump.DrainAsync(Label);
        var exitCode = _process.ExitCode;
        LogExited(_logger, Label, Pid, exitCode);
        return exitCode;
    }

    /// <summary>Releases the process handle; does not stop the process.</summary>
    public void Dispose()
    {
        _process.Dispose();
        _pump.Dispose();
    }
}
