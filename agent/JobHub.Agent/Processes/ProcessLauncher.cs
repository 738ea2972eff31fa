using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using JobHub.Agent.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Agent.Processes;

/// <summary>
/// Starts job processes as real OS processes: no shell, arguments passed one by one, stdin closed,
/// stdout and stderr captured line by line into an <see cref="ILogLineSink"/>.
/// </summary>
public sealed partial class ProcessLauncher : IDisposable
{
    private readonly SemaphoreSlim _forkGate = new(1, 1);
    private readonly LocalNodeAgentOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ProcessLauncher> _logger;

    /// <summary>Creates a launcher with the agent's options, clock and logger.</summary>
    public ProcessLauncher(IOptions<LocalNodeAgentOptions> options, TimeProvider timeProvider, ILogger<ProcessLauncher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

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

        var process = new Process { StartInfo = CreateStartInfo(spec) };
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
        var pump = new OutputPump(spec.Label, sink, _options.MaxLogLineLength, _options.OutputDrainTimeout, _timeProvider, _logger);
        pump.Start(process);
        var running = new RunningProcess(process, spec.Label, pump, _timeProvider, _logger);
        LogStarted(_logger, spec.Label, running.Pid, spec.Command, spec.WorkingDirectory);
        return ProcessLaunchResult.Success(running);
    }

    /// <summary>Releases the fork gate.</summary>
    public void Dispose() => _forkGate.Dispose();

    private ProcessStartInfo CreateStartInfo(ProcessLaunchSpec spec)
    {
        var startInfo = new ProcessStartInfo(spec.Command)
        {
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
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

    private ProcessLaunchResult Fail(ProcessLaunchSpec spec, string reason)
    {
        var error = $"Could not start '{spec.Command}' for {spec.Label}: {reason}";
        LogStartFailed(_logger, spec.Label, spec.Command, error);
        return ProcessLaunchResult.Failure(error);
    }
}
