using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace JobHub.Agent.Processes;

/// <summary>
/// A started OS process of a job. <see cref="Exited"/> completes with the exit code once the process
/// exited and its output was read to the end (so the last log line was delivered before it).
/// </summary>
public sealed partial class RunningProcess : IDisposable
{
    private readonly Process _process;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Task _processExited;
    private readonly OutputPump _pump;

    internal RunningProcess(Process process, ProcessLabel label, OutputPump pump, TimeProvider timeProvider, ILogger logger)
    {
        _process = process;
        _timeProvider = timeProvider;
        _logger = logger;
        Label = label;
        Pid = process.Id;
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

    /// <summary>
    /// Stops the process: SIGTERM, then up to <paramref name="grace"/> for it to exit, then a kill of
    /// its whole process tree. Returns once <see cref="Exited"/> completed.
    /// </summary>
    public async Task<StopOutcome> StopAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero);
        if (_processExited.IsCompleted)
        {
            await Exited.WaitAsync(cancellationToken);
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
            await _processExited.WaitAsync(grace, _timeProvider, cancellationToken);
            await Exited.WaitAsync(cancellationToken);
            return StopOutcome.ExitedAfterTerminate;
        }
        catch (TimeoutException)
        {
        }

        try
        {
            _process.Kill(entireProcessTree: true);
            LogKilled(_logger, Label, Pid, grace);
        }
        catch (InvalidOperationException)
        {
            // It exited between the timeout and the kill.
        }

        await Exited.WaitAsync(cancellationToken);
        return StopOutcome.Killed;
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
