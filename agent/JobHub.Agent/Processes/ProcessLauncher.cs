using JobHub.Agent.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Agent.Processes;

/// <summary>
/// Starts job processes as real OS processes: no shell, arguments passed one by one, stdin on <c>/dev/null</c>,
/// stdout and stderr captured line by line into an <see cref="ILogLineSink"/>. Each process leads a session and
/// process group of its own (<c>posix_spawn</c> with <c>POSIX_SPAWN_SETSID</c>: one clone and one exec, no helper
/// program), so a stop can kill everything it started, and is recorded in the <see cref="ProcessRegistry"/>. A command
/// that cannot be executed (a missing or non-executable interpreter, say) is a failed start naming the reason.
/// </summary>
public sealed partial class ProcessLauncher : IDisposable
{
    private readonly SemaphoreSlim _spawnGate = new(1, 1);
    private readonly LocalNodeAgentOptions _options;
    private readonly ProcessRegistry _registry;
    private readonly TimeProvider _timeProvider;
    private readonly ExecutableResolver _resolver;
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
        _resolver = new ExecutableResolver(timeProvider);
        _logger = logger;
        if (System.Environment.ProcessId == 1)
        {
            LogRunsAsInit(_logger);
        }
    }

    /// <summary>The registry of the processes this launcher started.</summary>
    public ProcessRegistry Registry => _registry;

    /// <summary>
    /// <see cref="Start"/> on the thread pool, one spawn at a time per launcher. The caller's thread (a grain turn) never
    /// waits for the spawn. One at a time because a spawn is short (a clone that shares memory and an exec) while a
    /// burst of short jobs would otherwise hold a thread-pool thread per start.
    /// </summary>
    public async Task<ProcessLaunchResult> StartAsync(ProcessLaunchSpec spec, ILogLineSink sink, CancellationToken cancellationToken = default)
    {
        await _spawnGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => Start(spec, sink), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _spawnGate.Release();
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

        var (executable, notRunnable) = _resolver.Resolve(spec.Command);
        if (executable is null)
        {
            return Fail(spec, notRunnable!);
        }

        var (spawned, error) = SessionSpawner.Spawn(executable, spec.Arguments, Environment(spec), spec.WorkingDirectory);
        if (spawned is null)
        {
            return Fail(spec, error!);
        }

        var pump = new OutputPump(spec.Label, sink, _options.MaxLogLineLength, _options.OutputDrainTimeout, _timeProvider, _logger);
        pump.Start(spawned.StandardOutput, spawned.StandardError);

        // The start time (set at the clone) tells this process apart from a later one with the same pid; the file it
        // runs, read once the exec is done (posix_spawn returns after it), tells recovery what it was. A process that
        // already ended has neither.
        var startTime = ProcFs.ReadStat(spawned.Pid)?.StartTime ?? 0;
        var runs = ProcFs.ReadExecutable(spawned.Pid);
        var running = new RunningProcess(spawned, spec.Label, pump, startTime, runs, _timeProvider, _logger);
        _registry.Add(running, spec.NodeId ?? string.Empty, spec.Command);
        LogStarted(_logger, spec.Label, running.Pid, spec.Command, spec.WorkingDirectory);
        return ProcessLaunchResult.Success(running);
    }

    /// <summary>Releases the spawn gate.</summary>
    public void Dispose() => _spawnGate.Dispose();

    /// <summary>The process's whole environment: the agent's pass-through variables, then the job's own.</summary>
    private Dictionary<string, string> Environment(ProcessLaunchSpec spec)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in _options.PassThroughEnvironmentVariables)
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
            {
                environment[name] = value;
            }
        }

        foreach (var (name, value) in spec.Environment)
        {
            environment[name] = value;
        }

        return environment;
    }

    private ProcessLaunchResult Fail(ProcessLaunchSpec spec, string reason)
    {
        var error = $"Could not start '{spec.Command}' for {spec.Label}: {reason}";
        LogStartFailed(_logger, spec.Label, spec.Command, error);
        return ProcessLaunchResult.Failure(error);
    }
}
