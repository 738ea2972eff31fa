using Microsoft.Extensions.Logging;

namespace JobHub.Agent.Processes;

/// <summary>
/// Crash recovery: when a silo starts, finds the processes a predecessor on the same data folder started and left
/// running (it was killed or crashed), from their <see cref="ProcessRecord"/>s, and SIGKILLs them all at once with
/// their process groups and children, waiting (under one deadline) until they are gone. Records that name nothing
/// running any more, a pid now used by another process, a process that is not the one recorded (not leading its own
/// session, or running another file), or an earlier boot or another pid namespace are deleted; records of a silo
/// process that still runs are left to it.
/// </summary>
/// <remarks>
/// <see cref="ReapAsync"/> runs once per silo: the host runs it before the silo starts, and a node awaits it before it
/// starts any process, so nothing new runs on a node beside its orphans.
/// </remarks>
public sealed partial class OrphanProcessReaper
{
    /// <summary>How long the killed orphans of one pass may take, together, to be gone before the reaper gives up on those left (logged): 10 s.</summary>
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
    public static ProcessRecordState Classify(ProcessRecord record) => Classify(record, ProcessTree.Snapshot.Take());

    /// <summary>What <paramref name="record"/> names in <paramref name="snapshot"/> (one look at /proc).</summary>
    internal static ProcessRecordState Classify(ProcessRecord record, ProcessTree.Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (string.IsNullOrEmpty(record.BootId) || !string.Equals(record.BootId, ProcFs.BootId, StringComparison.Ordinal)
            || !string.Equals(record.PidNamespace, ProcFs.PidNamespace, StringComparison.Ordinal))
        {
            return ProcessRecordState.OtherBoot;
        }

        if (snapshot.Get(record.OwnerPid) is { HasEnded: false } owner && owner.StartTime == record.OwnerStartTime)
        {
            return ProcessRecordState.OwnerRunning;
        }

        if (snapshot.Get(record.Pid) is { HasEnded: false } process)
        {
            // While a process group or session exists its id is not given to a new process, so a pid in use by
            // another process means the recorded group is empty.
            if (process.StartTime != record.StartTime)
            {
                return ProcessRecordState.PidReused;
            }

            // A job process leads its session: a record naming a process that does not is not acted upon.
            // The file it runs is not compared: a job may exec another program (`exec python ...`) and is still
            // ours; and a record planted by a job gains it nothing, as a job runs as the silo's user and could
            // signal that process itself.
            var leadsItsSession = record.ProcessGroup is null || (process.Session == record.Pid && process.ProcessGroup == record.ProcessGroup);
            return leadsItsSession ? ProcessRecordState.Orphan : ProcessRecordState.NotOurs;
        }

        // The process itself ended (its output pipe broke with the silo, say), but members of its group (in its
        // session) may run on.
        return record.ProcessGroup is not null && ProcessTree.Find(snapshot, TargetOf(record)).Count > 0
            ? ProcessRecordState.Orphan
            : ProcessRecordState.Ended;
    }

    /// <summary>
    /// One pass over every record (see the class): every orphan is SIGKILLed at once, then all are waited for under
    /// one deadline (<see cref="KillTimeout"/>). Returns how many orphans were killed.
    /// </summary>
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

        var snapshot = ProcessTree.Snapshot.Take();
        var orphans = new List<ProcessRecord>();
        foreach (var record in records)
        {
            var state = Classify(record, snapshot);
            switch (state)
            {
                case ProcessRecordState.OwnerRunning:
                    LogOwnerRunning(_logger, record.Label, record.Pid, record.OwnerPid);
                    break;
                case ProcessRecordState.Orphan:
                    LogKillingOrphan(_logger, record.Label, record.Pid, record.NodeId, record.OwnerPid, record.StartedAt, record.Command);
                    orphans.Add(record);
                    break;
                case ProcessRecordState.NotOurs:
                    LogNotOurs(_logger, record.Label, record.Pid, record.Executable, ProcFs.ReadExecutable(record.Pid));
                    _store.Delete(record);
                    break;
                default:
                    LogRecordDropped(_logger, record.Label, record.Pid, state);
                    _store.Delete(record);
                    break;
            }
        }

        var killed = 0;
        if (orphans.Count > 0)
        {
            var gone = await ProcessTree.KillAndWaitAsync([.. orphans.Select(TargetOf)], KillTimeout, _time).ConfigureAwait(false);
            for (var i = 0; i < orphans.Count; i++)
            {
                var record = orphans[i];
                if (gone[i])
                {
                    LogOrphanKilled(_logger, record.Label, record.Pid, record.NodeId);
                    _store.Delete(record);
                    killed++;
                }
                else
                {
                    LogOrphanSurvived(_logger, record.Label, record.Pid, record.NodeId, KillTimeout);
                }
            }
        }

        if (records.Count > 0)
        {
            LogPassDone(_logger, records.Count, killed, _store.Root);
        }

        return killed;
    }

    private static KillTarget TargetOf(ProcessRecord record) => new(record.Pid, record.ProcessGroup, record.StartTime);
}
