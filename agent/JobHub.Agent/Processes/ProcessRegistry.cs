using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace JobHub.Agent.Processes;

/// <summary>
/// Every process this silo started that has not exited yet, each with its record on disk
/// (<see cref="ProcessRecordStore"/>). It knows when the silo stops (<see cref="BeginShutdown"/>): from then on no
/// process starts, stops get at most the time left before the shutdown kill, and <see cref="KillAllAsync"/> is the
/// last resort that SIGKILLs whatever still runs before the silo process exits.
/// </summary>
public sealed partial class ProcessRegistry
{
    private readonly ConcurrentDictionary<RunningProcess, ProcessRecord?> _live = new();
    private readonly ProcessRecordStore? _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private DateTimeOffset? _killDeadline;

    /// <summary>Creates a registry that records each process in <paramref name="store"/>.</summary>
    public ProcessRegistry(ProcessRecordStore store, TimeProvider timeProvider, ILogger<ProcessRegistry> logger)
        : this((ProcessRecordStore?)store ?? throw new ArgumentNullException(nameof(store)), timeProvider, (ILogger)logger)
    {
    }

    /// <summary>A registry without records on disk (when <paramref name="store"/> is null).</summary>
    internal ProcessRegistry(ProcessRecordStore? store, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>How many started processes have not exited yet.</summary>
    public int Count => _live.Count;

    /// <summary>The processes started that have not exited yet.</summary>
    public IReadOnlyCollection<RunningProcess> Processes => [.. _live.Keys];

    /// <summary>When the silo's stop SIGKILLs every process still running; null while the silo is not stopping.</summary>
    public DateTimeOffset? KillDeadline
    {
        get
        {
            lock (_gate)
            {
                return _killDeadline;
            }
        }
    }

    /// <summary>True once the silo began to stop: no process is started any more.</summary>
    public bool IsStopping => KillDeadline is not null;

    /// <summary>
    /// Marks the start of the silo's stop; every process still running at <paramref name="killDeadline"/> is to be
    /// killed then. The first call wins. Returns the deadline in force.
    /// </summary>
    public DateTimeOffset BeginShutdown(DateTimeOffset killDeadline)
    {
        lock (_gate)
        {
            _killDeadline ??= killDeadline;
            return _killDeadline.Value;
        }
    }

    /// <summary>
    /// The SIGTERM grace a stop may give now: <paramref name="configured"/>, cut to what fits in
    /// <paramref name="stopBudget"/> (<see cref="ShutdownGrace.Within"/>, when given) and, while the silo stops, to the
    /// time left before <see cref="KillDeadline"/>.
    /// </summary>
    public TimeSpan GraceFor(TimeSpan configured, TimeSpan? stopBudget = null)
    {
        var grace = configured;
        if (stopBudget is { } budget && ShutdownGrace.Within(budget) < grace)
        {
            grace = ShutdownGrace.Within(budget);
        }

        if (KillDeadline is { } deadline && deadline - _time.GetUtcNow() < grace)
        {
            grace = deadline - _time.GetUtcNow();
        }

        return grace > TimeSpan.Zero ? grace : TimeSpan.Zero;
    }

    /// <summary>
    /// SIGKILLs every process still running (its group and tree) and waits, up to <paramref name="timeout"/>, until
    /// none of them runs and each was reaped. Returns how many processes were still running when it was called.
    /// </summary>
    public async Task<int> KillAllAsync(string reason, TimeSpan timeout)
    {
        var live = _live.Keys.Where(p => !p.HasExited).ToList();
        if (live.Count == 0)
        {
            return 0;
        }

        foreach (var process in live)
        {
            LogKilling(_logger, process.Label, process.Pid, reason);
        }

        var gone = await Task.WhenAll(live.Select(p => p.KillAndWaitAsync(timeout))).ConfigureAwait(false);
        for (var i = 0; i < live.Count; i++)
        {
            if (!gone[i])
            {
                LogStillRunning(_logger, live[i].Label, live[i].Pid, timeout);
            }
        }

        return live.Count;
    }

    /// <summary>SIGKILL to every process still running (its group and tree), without waiting: for the silo process's exit.</summary>
    public int KillAllNow()
    {
        var count = 0;
        foreach (var process in _live.Keys)
        {
            if (!process.HasExited)
            {
                process.Kill();
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Records a process just started: its record is written before this returns (a failure to write it is logged,
    /// the process runs anyway), and both are forgotten once it exited.
    /// </summary>
    internal void Add(RunningProcess process, string nodeId, string command)
    {
        ProcessRecord? record = null;
        if (_store is not null && process.StartTime != 0)
        {
            record = new ProcessRecord(
                nodeId,
                process.Pid,
                process.ProcessGroup,
                process.StartTime,
                ProcFs.BootId,
                Environment.ProcessId,
                ProcFs.SelfStartTime,
                process.Label.JobId,
                process.Label.Role,
                process.Label.WorkerIndex,
                command,
                _time.GetUtcNow());
            try
            {
                _store.Write(record);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogRecordFailed(_logger, ex, process.Label, process.Pid, _store.PathOf(record));
                record = null;
            }
        }

        _live[process] = record;
        _ = ForgetOnExitAsync(process);
    }

    private async Task ForgetOnExitAsync(RunningProcess process)
    {
        try
        {
            await process.Exited.ConfigureAwait(false);
        }
        finally
        {
            if (_live.TryRemove(process, out var record) && record is not null)
            {
                _store?.Delete(record);
            }
        }
    }
}
