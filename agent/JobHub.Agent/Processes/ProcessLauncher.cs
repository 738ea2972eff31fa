using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using JobHub.Agent.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Agent.Processes;

/// <summary>
/// Starts job processes as real OS processes: no shell, arguments passed one by one, stdin closed,
/// stdout and stderr captured line by line into an <see cref="ILogLineSink"/>. Each process leads a session and
/// process group of its own (started through util-linux's <c>setsid</c>, which execs the command under the same
/// pid), so a stop can kill everything it started, and is recorded in the <see cref="ProcessRegistry"/>. A command
/// <c>setsid</c> cannot execute (a missing or non-executable interpreter, say) is a failed start, as it was without
/// <c>setsid</c>.
/// </summary>
public sealed partial class ProcessLauncher : IDisposable
{
    /// <summary>How <c>setsid</c>'s own messages begin.</summary>
    private const string SetsidMessage = "setsid: ";

    /// <summary>The longest wait for <c>setsid</c> to execute the command: 5 s (it takes microseconds).</summary>
    private static readonly TimeSpan ExecWaitLimit = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _forkGate = new(1, 1);
    private readonly LocalNodeAgentOptions _options;
    private readonly ProcessRegistry _registry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ProcessLauncher> _logger;

    /// <summary>Creates a launcher with a registry of its own that keeps no records on disk.</summary>
    public ProcessLauncher(IOptions<LocalNodeAgentOptions> options, TimeProvider timeProvider, ILogger<ProcessLauncher> logger)
        : this(options, new ProcessRegistry(null, timeProvider ?? throw new ArgumentNullException(nameof(timeProvider)), logger ?? throw new ArgumentNullException(nameof(logger))), timeProvider, logger)
    {
    }

    /// <summary>Creates a launcher with the agent's options, the silo's process registry, clock and logger.</summary>
    public ProcessLauncher(IOptions<LocalNodeAgentOptions> options, ProcessRegistry registry, TimeProvider timeProvider, ILogger<ProcessLauncher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _registry = registry;
        _timeProvider = timeProvider;
        _logger = logger;
        if (ExecutableResolver.Setsid is null)
        {
            LogNoSetsid(_logger);
        }
    }

    /// <summary>The registry of the processes this launcher started.</summary>
    public ProcessRegistry Registry => _registry;

    /// <summary>
    /// <see cref="Start"/> on the thread pool, one fork at a time per launcher. The caller's thread (a
    /// grain turn) never waits for the fork/exec. One at a time because .NET's SIGCHLD handler takes the
    /// process-start lock for writing and spins until every fork in progress is done: overlapping starts
    /// made it spin most of the time under a burst of short jobs.
    /// </summary>
    public async Task<ProcessLaunchResult> StartAsync(ProcessLaunchSpec spec, ILogLineSink sink, CancellationToken cancellationToken = default)
    {
        await _forkGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => Start(spec, sink), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _forkGate.Release();
        }
    }

    /// <summary>
    /// Starts the process. Never throws for a process that cannot start (missing executable, missing
    /// working folder, no permission): the result then carries an error naming the command.
    /// </summary>
    public ProcessLaunchResult Start(ProcessLaunchSpec spec, ILogLineSink sink)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(sink);
        if (string.IsNullOrWhiteSpace(spec.Command))
        {
            return Fail(spec, "the command is empty");
        }

        if (!Directory.Exists(spec.WorkingDirectory))
        {
            return Fail(spec, $"its working folder '{spec.WorkingDirectory}' does not exist");
        }

        // Reserved under the registry's lock: either refused because the silo stops, or waited for by its last kill.
        using var reservation = _registry.TryReserveStart();
        if (reservation is null)
        {
            return Fail(spec, "the silo is stopping");
        }

        var (executable, notRunnable) = ExecutableResolver.Resolve(spec.Command);
        if (executable is null)
        {
            return Fail(spec, notRunnable!);
        }

        var process = new Process { StartInfo = CreateStartInfo(spec, executable) };
        try
        {
            if (!process.Start())
            {
                process.Dispose();
                return Fail(spec, "the operating system did not start a new process");
            }
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            return Fail(spec, ex.Message);
        }

        // Job processes get no input: closing stdin makes a read return end of file instead of hanging.
        process.StandardInput.Close();

        // setsid makes the process the leader of a new session and group whose id is its pid, then execs the command;
        // an exec that fails there ends setsid with 126 or 127 and its message on stderr: the start failed.
        var (executed, runs) = ExecSeen(process, executable);
        Task<string?>? stderrFirstLine = null;
        if (!executed && IsSetsidExecFailure(process, out stderrFirstLine) is { } execError)
        {
            process.Dispose();
            return Fail(spec, execError);
        }

        var pump = new OutputPump(spec.Label, sink, _options.MaxLogLineLength, _options.OutputDrainTimeout, _timeProvider, _logger);
        pump.Start(process, stderrFirstLine);

        // The start time (set at the fork) tells this process apart from a later one with the same pid. A process
        // that already ended has none.
        var startTime = ProcFs.ReadStat(process.Id)?.StartTime ?? 0;
        var processGroup = ExecutableResolver.Setsid is null ? (int?)null : process.Id;
        var running = new RunningProcess(process, spec.Label, pump, processGroup, startTime, runs, _timeProvider, _logger);
        _registry.Add(running, spec.NodeId ?? string.Empty, spec.Command);
        LogStarted(_logger, spec.Label, running.Pid, spec.Command, spec.WorkingDirectory);
        return ProcessLaunchResult.Success(running);
    }

    /// <summary>Releases the fork gate.</summary>
    public void Dispose() => _forkGate.Dispose();

    private ProcessStartInfo CreateStartInfo(ProcessLaunchSpec spec, string executable)
    {
        var setsid = ExecutableResolver.Setsid;
        var startInfo = new ProcessStartInfo(setsid ?? executable)
        {
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (setsid is not null)
        {
            startInfo.ArgumentList.Add("--");
            startInfo.ArgumentList.Add(executable);
        }

        foreach (var argument in spec.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        foreach (var name in _options.PassThroughEnvironmentVariables)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                startInfo.Environment[name] = value;
            }
        }

        foreach (var (name, value) in spec.Environment)
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    /// <summary>
    /// Waits (a few microseconds, usually) until <c>setsid</c> has replaced itself with the command: true with the
    /// file it now runs, or false when it ended first. Without <c>setsid</c> the command already runs.
    /// </summary>
    private static (bool Executed, string? Runs) ExecSeen(Process process, string executable)
    {
        if (ExecutableResolver.SetsidFile is not { } setsidFile
            || string.Equals(NativeMethods.RealPath(executable), setsidFile, StringComparison.Ordinal))
        {
            return (true, ProcFs.ReadExecutable(process.Id));
        }

        var started = Stopwatch.GetTimestamp();
        var spin = default(SpinWait);
        while (true)
        {
            var runs = ProcFs.ReadExecutable(process.Id);
            if (runs is null && ProcFs.ReadStat(process.Id) is not { HasEnded: false })
            {
                // Gone or a zombie before the command was seen running.
                return (false, null);
            }

            // No file while it still runs: it is exiting (its memory is gone, it is not a zombie yet); look again.
            if (runs is not null && !string.Equals(runs, setsidFile, StringComparison.Ordinal))
            {
                return (true, runs);
            }

            if (Stopwatch.GetElapsedTime(started) > ExecWaitLimit)
            {
                return (true, runs);
            }

            spin.SpinOnce();
        }
    }

    /// <summary>
    /// For a process that ended before its command was seen running: the error when <c>setsid</c> could not execute
    /// the command (exit code 126 or 127 and its message on stderr); null when the command ran and ended.
    /// <paramref name="stderrFirstLine"/> is the first stderr line taken to tell, to be delivered to the job's log.
    /// </summary>
    private string? IsSetsidExecFailure(Process process, out Task<string?>? stderrFirstLine)
    {
        stderrFirstLine = null;
        if (!process.WaitForExit(ExecWaitLimit) || process.ExitCode is not (126 or 127))
        {
            return null;
        }

        // setsid forks nothing, so its stderr ends at once; a command that ran may have left a child holding it.
        stderrFirstLine = process.StandardError.ReadLineAsync();
        if (stderrFirstLine.Wait(_options.OutputDrainTimeout) && stderrFirstLine.Result is { } line && line.StartsWith(SetsidMessage, StringComparison.Ordinal))
        {
            return line[SetsidMessage.Length..];
        }

        return null;
    }

    private ProcessLaunchResult Fail(ProcessLaunchSpec spec, string reason)
    {
        var error = $"Could not start '{spec.Command}' for {spec.Label}: {reason}";
        LogStartFailed(_logger, spec.Label, spec.Command, error);
        return ProcessLaunchResult.Failure(error);
    }
}
