using Microsoft.Extensions.Logging;

namespace JobHub.Agent.Processes;

/// <summary>
/// Crash recovery: when a silo starts, finds the processes a predecessor on the same data folder started and left
/// running (it was killed or crashed), from their <see cref="ProcessRecord"/>s, and SIGKILLs each with its process
/// group and children, waiting until they are gone. Records that name nothing running any more, a pid now used by
/// another process, or an earlier boot are deleted; records of a silo process that still runs are left to it.
/// </summary>
/// <remarks>
/// <see cref="ReapAsync"/> runs once per silo: the host runs it before the silo starts, and a node awaits it before it
/// starts any process, so nothing new runs on a node beside its orphans.
/// </remarks>
public sealed partial class OrphanProcessReaper
{
    /// <summary>How long a killed orphan may take to be gone before the reaper gives up on it (logged): 10 s.</summary>
    public static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);

    private readonly ProcessRecordStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task? _reaping;

    /// <summary>Creates the reaper of the records in <paramref name="store"/>.</summary>
    public OrphanProcessReaper(ProcessRecordStore store, TimeProvider timeProvider, ILogger<OrphanProcessReaper> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Kills the orphans once; later calls (and calls while it runs) wait for that one pass. Never fails: what cannot
    /// be read or killed is logged.
    /// </summary>
    public Task ReapAsync()
    {
        lock (_gate)
        {
            return _reaping ??= Task.Run(ReapOnceAsync);
        }
    }

    /// <summary>What <paramref name="record"/> names today.</summary>
    public static ProcessRecordState Classify(ProcessRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (string.IsNullOrEmpty(record.BootId) || !string.Equals(record.BootId, ProcFs.BootId, StringComparison.Ordinal))
        {
            return ProcessRecordState.OtherBoot;
        }

        if (ProcFs.ReadStat(record.OwnerPid) is { HasEnded: false } owner && owner.StartTime == record.OwnerStartTime)
        {
            return ProcessRecordState.OwnerRunning;
        }

        if (ProcFs.ReadStat(record.Pid) is { HasEnded: false } process)
        {
            // While a process group exists its id is not given to a new process, so a pid in use by another process
            // means the recorded group is empty.
            return process.StartTime == record.StartTime ? ProcessRecordState.Orphan : ProcessRecordState.PidReused;
        }

        // The process itself ended (its output pipe broke with the silo, say), but children in its group may run on.
        return record.ProcessGroup is { } group && ProcessTree.Find(0, group, record.StartTime).Count > 0
            ? ProcessRecordState.Orphan
            : ProcessRecordState.Ended;
    }

    /// <summary>One pass over every record (see the class); returns how many orphans were killed.</summary>
    internal async Task<int> ReapOnceAsync()
    {
        IReadOnlyList<ProcessRecord> records;
        try
        {
            records = _store.ReadAll();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogRecordsUnreadable(_logger, ex, _store.Root);
            return 0;
        }

        var killed = 0;
        foreach (var record in records)
        {
            var state = Classify(record);
            switch (state)
            {
                case ProcessRecordState.OwnerRunning:
                    LogOwnerRunning(_logger, record.Label, record.Pid, record.OwnerPid);
                    break;
                case ProcessRecordState.Orphan:
                    LogKillingOrphan(_logger, record.Label, record.Pid, record.NodeId, record.OwnerPid, record.StartedAt, record.Command);
                    if (await ProcessTree.KillAndWaitAsync(record.Pid, record.ProcessGroup, record.StartTime, KillTimeout, _time).ConfigureAwait(false))
                    {
                        LogOrphanKilled(_logger, record.Label, record.Pid, record.NodeId);
                        _store.Delete(record);
                        killed++;
                    }
                    else
                    {
                        LogOrphanSurvived(_logger, record.Label, record.Pid, record.NodeId, KillTimeout);
                    }

                    break;
                default:
                    LogRecordDropped(_logger, record.Label, record.Pid, state);
                    _store.Delete(record);
                    break;
            }
        }

        if (records.Count > 0)
        {
            LogPassDone(_logger, records.Count, killed, _store.Root);
        }

        return killed;
    }
}
