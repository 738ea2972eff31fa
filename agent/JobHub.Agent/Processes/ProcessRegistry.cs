using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace JobHub.Agent.Processes;

/// <summary>
/// Every process this silo started that has not been reaped yet, each with its record on disk
/// (<see cref="ProcessRecordStore"/>), deleted once the process was reaped and nothing of its group runs any more. It
/// knows when the silo stops (<see cref="BeginShutdown"/>): from then on no process starts (a start reserves its place
/// first, <see cref="TryReserveStart"/>), stops get at most the time left before the shutdown kill, and
/// <see cref="KillAllAsync"/> is the last resort that SIGKILLs whatever still runs before the silo process exits.
/// </summary>
public sealed partial class ProcessRegistry
{
    private readonly ConcurrentDictionary<RunningProcess, Task> _live = new();
    private readonly ProcessRecordStore? _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private DateTimeOffset? _killDeadline;
    private int _pendingStarts;
    private TaskCompletionSource? _startsDone;

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

    /// <summary>How many started processes have not been reaped yet.</summary>
    public int Count => _live.Count;

    /// <summary>The processes started that have not been reaped yet.</summary>
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
    /// Reserves the start of a process: null once the silo began to stop (nothing starts any more); otherwise a
    /// reservation to dispose of once the process was forked and <see cref="Add">added</see> (or its start failed).
    /// The check and the reservation are one step under the registry's lock, so a start either is refused or is
    /// waited for by <see cref="KillAllAsync"/>.
    /// </summary>
    internal IDisposable? TryReserveStart()
    {
        lock (_gate)
        {
            if (_killDeadline is not null)
            {
                return null;
            }

            _pendingStarts++;
            return new StartReservation(this);
        }
    }

    /// <summary>
    /// SIGKILLs every process still running (its group and tree) at once, and waits, up to <paramref name="timeout"/>
    /// in all, until none of them runs, each was reaped and its record deleted. Starts under way are waited for first
    /// (within the same time). Returns how many processes were still running when it was called.
    /// </summary>
    public async Task<int> KillAllAsync(string reason, TimeSpan timeout)
    {
        var started = _time.GetTimestamp();
        try
        {
            await PendingStartsAsync().WaitAsync(timeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        var live = _live.Where(entry => !entry.Key.Reaped.IsCompleted).ToList();
        if (live.Count == 0)
        {
            // Records of processes reaped a moment ago may still be being deleted.
            await ForgottenAsync(_live.Values, Left(started, timeout)).ConfigureAwait(false);
            return 0;
        }

        foreach (var (process, _) in live)
        {
            LogKilling(_logger, process.Label, process.Pid, reason);
            process.KillingElsewhere();
        }

        var gone = await Task.Run(() => ProcessTree.KillAndWaitAsync([.. live.Select(entry => entry.Key.Target)], timeout, _time)).ConfigureAwait(false);
        var forgotten = await ForgottenAsync(live.Select(entry => entry.Value), Left(started, timeout)).ConfigureAwait(false);
        for (var i = 0; i < live.Count; i++)
        {
            if (!gone[i] || !forgotten)
            {
                LogStillRunning(_logger, live[i].Key.Label, live[i].Key.Pid, timeout);
            }
        }

        return live.Count;
    }

    /// <summary>SIGKILL to every process still running (its group and tree), without waiting: for the silo process's exit.</summary>
    public int KillAllNow()
    {
        var live = _live.Keys.Where(p => !p.HasExited || !p.Reaped.IsCompleted).ToList();
        if (live.Count == 0)
        {
            return 0;
        }

        var snapshot = ProcessTree.Snapshot.Take();
        foreach (var process in live)
        {
            process.KillingElsewhere();
            ProcessTree.Kill(process.Target, ProcessTree.Find(snapshot, process.Target));
        }

        return live.Count;
    }

    /// <summary>
    /// Records a process just started: its record is written before this returns (a failure to write it is logged,
    /// the process runs anyway). Both are forgotten once it was reaped and nothing of its group runs any more (the
    /// record is kept when something of its group outlived its kill: the next silo kills it).
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
                ProcFs.PidNamespace,
                Environment.ProcessId,
                ProcFs.SelfStartTime,
                process.Label.JobId,
                process.Label.Role,
                process.Label.WorkerIndex,
                command,
                process.Executable,
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

        var forgotten = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _live[process] = forgotten.Task;
        _ = ForgetOnReapAsync(process, record, forgotten);
    }

    private async Task ForgetOnReapAsync(RunningProcess process, ProcessRecord? record, TaskCompletionSource forgotten)
    {
        try
        {
            if (await process.Reaped.ConfigureAwait(false) && record is not null)
            {
                _store?.Delete(record);
            }
        }
        finally
        {
            _live.TryRemove(process, out _);
            forgotten.TrySetResult();
        }
    }

    private async Task<bool> ForgottenAsync(IEnumerable<Task> forgetting, TimeSpan timeout)
    {
        try
        {
            await Task.WhenAll(forgetting).WaitAsync(timeout, _time).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private TimeSpan Left(long started, TimeSpan timeout)
    {
        var left = timeout - _time.GetElapsedTime(started);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private Task PendingStartsAsync()
    {
        lock (_gate)
        {
            return _pendingStarts == 0 ? Task.CompletedTask : (_startsDone ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    private void EndStart()
    {
        lock (_gate)
        {
            if (--_pendingStarts == 0 && _startsDone is { } done)
            {
                _startsDone = null;
                done.TrySetResult();
            }
        }
    }

    private sealed class StartReservation(ProcessRegistry registry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                registry.EndStart();
            }
        }
    }
}
