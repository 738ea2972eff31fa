using System.Collections.Immutable;
using System.Globalization;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Jobs;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace JobHub.Simulator.ThroughGrains;

/// <summary>
/// A simulated node (grain type <c>node</c>, in place of JobHub's <c>NodeGrain</c> in the simulator's silo only): it runs
/// no OS process. A master "runs" for its trace job's duration on the virtual clock and then exits with code 0; a worker
/// runs until it is stopped or its node is lost. Exits are reported as the real node reports them, with the one-way
/// <see cref="IWorkerGrain.OnProcessExited"/>, so the real job and worker grains see what they see on a real node.
/// </summary>
/// <remarks>A stop ends the process at once (no grace period), as a process that handles SIGTERM at once would.</remarks>
[Reentrant]
[GrainType("node")]
internal sealed class SimulatedNodeGrain(GrainSimulationLedger ledger, TimeProvider time) : Grain, INodeGrain
{
    private const int KilledBySigterm = 143;
    private const int KilledBySigkill = 137;

    private readonly Dictionary<(string JobId, int Index), Running> _processes = [];
    private readonly Dictionary<(string JobId, int Index), NodeProcessInfo> _exits = [];
    private readonly HashSet<(string JobId, int Index)> _stoppedBeforeStart = [];
    private string? _lostReason;
    private int _pids;

    private string NodeId => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public Task<ProcessStartResult> StartProcess(ProcessStartRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = (request.Launch.JobId, request.Launch.Index);
        if (_lostReason is { } lost)
        {
            return Task.FromResult(new ProcessStartResult(null, lost, NodeLost: true));
        }

        if (_processes.TryGetValue(key, out var running))
        {
            return Task.FromResult(running.Attempt == request.Attempt
                ? new ProcessStartResult(running.Pid, null)
                : new ProcessStartResult(null, $"process {key.Index} of {key.JobId} already runs on {NodeId}."));
        }

        if (_exits.TryGetValue(key, out var exited) && exited.Attempt == request.Attempt)
        {
            return Task.FromResult(new ProcessStartResult(exited.Pid, null));
        }

        if (_stoppedBeforeStart.Remove(key))
        {
            return Task.FromResult(new ProcessStartResult(null, $"process {key.Index} of {key.JobId} was stopped before it started."));
        }

        // Pids count per node from 1, so they repeat from run to run.
        var now = time.GetUtcNow();
        var process = new Running(++_pids, request.Attempt, now);
        _processes[key] = process;
        ledger.Started(key.JobId, key.Index, now);
        if (key.Index == 0)
        {
            var duration = TimeSpan.FromSeconds(ledger.Job(key.JobId).DurationSeconds);
            process.End = this.RegisterGrainTimer(() => ExitAsync(key, process, 0, stopped: false, "exited with code 0", lost: false), duration, Timeout.InfiniteTimeSpan);
        }

        return Task.FromResult(new ProcessStartResult(process.Pid, null));
    }

    /// <inheritdoc />
    public Task StopProcess(string jobId, int index, string reason)
    {
        var key = (jobId, index);
        if (_processes.TryGetValue(key, out var process))
        {
            _ = ExitAsync(key, process, KilledBySigterm, stopped: true, $"stopped ({reason}), exit code {KilledBySigterm}", lost: false);
        }
        else if (!_exits.ContainsKey(key))
        {
            _stoppedBeforeStart.Add(key);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task Lose(string reason)
    {
        _lostReason ??= reason;
        var exits = _processes.OrderBy(p => p.Key.JobId, StringComparer.Ordinal).ThenBy(p => p.Key.Index).ToList()
            .Select(p => ExitAsync(p.Key, p.Value, KilledBySigkill, stopped: false, reason, lost: true));
        await Task.WhenAll(exits.ToList());
    }

    /// <inheritdoc />
    public Task<NodeProcessInfo?> GetProcess(string jobId, int index) =>
        Task.FromResult(
            _processes.TryGetValue((jobId, index), out var process) ? new NodeProcessInfo(jobId, index, process.Attempt, process.Pid, process.StartedAt)
            : _exits.TryGetValue((jobId, index), out var exited) ? exited
            : null);

    /// <inheritdoc />
    public Task<NodeInfo> GetInfo()
    {
        var processes = _processes.Select(p => new NodeProcessInfo(p.Key.JobId, p.Key.Index, p.Value.Attempt, p.Value.Pid, p.Value.StartedAt)).ToImmutableArray();
        return Task.FromResult(new NodeInfo(NodeId, NodeId[..Math.Max(0, NodeId.LastIndexOf('-'))], processes));
    }

    /// <summary>Ends the process (once), remembers its exit and reports it to its worker.</summary>
    private async Task ExitAsync((string JobId, int Index) key, Running process, int exitCode, bool stopped, string reason, bool lost)
    {
        if (!_processes.TryGetValue(key, out var current) || !ReferenceEquals(current, process))
        {
            return;
        }

        _processes.Remove(key);
        process.End?.Dispose();
        var exit = new ProcessExit(key.JobId, key.Index, process.Attempt, exitCode, stopped, reason, NodeLost: lost);
        _exits[key] = new NodeProcessInfo(key.JobId, key.Index, process.Attempt, process.Pid, process.StartedAt, exit);
        ledger.Ended(key.JobId, key.Index, time.GetUtcNow() - process.StartedAt, lost, exitedByItself: !stopped && !lost, interrupted: lost && reason.Contains(" was interrupted", StringComparison.Ordinal));
        await GrainFactory.GetGrain<IWorkerGrain>(WorkerGrain.KeyOf(key.JobId, key.Index)).OnProcessExited(exit);
    }

    private sealed class Running(int pid, int attempt, DateTimeOffset startedAt)
    {
        public int Pid { get; } = pid;

        public int Attempt { get; } = attempt;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public IGrainTimer? End { get; set; }
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"simulated node {NodeId} ({_processes.Count} processes)");
}
