using System.Collections.Immutable;
using JobHub.Agent.Bundles;
using JobHub.Agent.Jobs;
using JobHub.Agent.Processes;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Hosting;
using JobHub.Grains.Jobs;
using JobHub.Grains.Logs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Concurrency;
using Orleans.Configuration;
using Orleans.Placement;
using Orleans.Runtime;

namespace JobHub.Grains.Nodes;

/// <summary>
/// A local node: starts job processes through the agent's <see cref="ProcessLauncher"/> in the job's
/// working folder with the job environment, stores their output in the <see cref="IJobLogStore"/>, and
/// reports every exit to the process's worker with the one-way <see cref="IWorkerGrain.OnProcessExited"/>.
/// </summary>
/// <remarks>
/// A node's processes run on the host of the silo that activates it; placement by the hash of the node id spreads a
/// pool's nodes evenly over the silos (and so over their hosts) instead of piling them on the silo that asked first.
/// Process handles live in memory only: a keep-alive timer holds the activation while processes run.
/// After a silo restart the node knows no process, so workers that reconcile find theirs missing and
/// count it as lost. The processes a crashed silo left running on this host are killed by the next silo on the same
/// data folder before it starts anything (<see cref="OrphanProcessReaper"/>); a node awaits that before each start.
/// </remarks>
[Reentrant]
[HashBasedPlacement]
[GrainType("node")]
internal sealed partial class NodeGrain(
    ProcessLauncher launcher,
    OrphanProcessReaper orphans,
    ProcessPreparation preparation,
    IJobLogStore logStore,
    IOptions<JobsOptions> options,
    IOptions<GrainCollectionOptions> collection,
    TimeProvider time,
    ILogger<NodeGrain> logger) : Grain, INodeGrain
{
    /// <summary>How many exits a node remembers (see <see cref="_reportedExits"/>); the oldest are forgotten first.</summary>
    private const int ReportedExitMemory = 10_000;

    private readonly Dictionary<(string JobId, int Index), NodeProcess> _processes = [];

    /// <summary>
    /// Processes that exited, with how, whose exit was sent (one-way) to their worker. A worker that reconciles finds
    /// its process here: if the report is still on its way, or was lost with a silo that died, the worker applies the
    /// exit from here instead of counting a process that simply ended as lost. Kept for as long as the node is active
    /// (it stays active while it runs processes), up to <see cref="ReportedExitMemory"/> entries.
    /// </summary>
    private readonly Dictionary<(string JobId, int Index), NodeProcessInfo> _reportedExits = [];
    private readonly Queue<(string JobId, int Index)> _reportedExitOrder = new();
    private readonly Dictionary<(string JobId, int Index), (int Attempt, Task<ProcessStartResult> Start)> _starting = [];

    /// <summary>
    /// Stops that arrived while their process was still being started (its worker's start call may have timed
    /// out meanwhile, and the job given its capacity away): the start checks here before and right after the fork.
    /// </summary>
    private readonly Dictionary<(string JobId, int Index), string> _stopWhileStarting = [];

    /// <summary>
    /// Stops for a process this node neither runs nor starts nor saw exit: Orleans does not keep two calls in the
    /// order they were sent, so a stop can overtake the start it follows. The start, when it comes, is refused.
    /// Bounded like <see cref="_reportedExits"/>.
    /// </summary>
    private readonly Dictionary<(string JobId, int Index), string> _stoppedBeforeStart = [];
    private readonly Queue<(string JobId, int Index)> _stoppedBeforeStartOrder = new();
    private IGrainTimer? _keepAlive;

    /// <inheritdoc />
    /// <remarks>
    /// The node is reentrant: starts overlap, and the fork/exec (with the folder and environment set-up)
    /// runs on the thread pool, never in the node's turn. A repeated call for a start still under way
    /// joins it.
    /// </remarks>
    public Task<ProcessStartResult> StartProcess(ProcessStartRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var launch = request.Launch;
        var key = (launch.JobId, launch.Index);
        if (_processes.TryGetValue(key, out var running))
        {
            return Task.FromResult(running.Attempt == request.Attempt
                ? new ProcessStartResult(running.Process.Pid, null)
                : new ProcessStartResult(null, $"{running.Process.Label} already runs on {this.GetPrimaryKeyString()} (pid {running.Process.Pid})."));
        }

        if (_stoppedBeforeStart.Remove(key, out var stopReason))
        {
            return Task.FromResult(new ProcessStartResult(null, $"{LabelOf(launch)} was stopped before it started ({stopReason})."));
        }

        if (_reportedExits.TryGetValue(key, out var exited) && exited.Attempt == request.Attempt)
        {
            // A repeated start of an attempt that already ran (its first answer was lost): it is not started again.
            return Task.FromResult(new ProcessStartResult(exited.Pid, null));
        }

        if (_starting.TryGetValue(key, out var starting))
        {
            return starting.Attempt == request.Attempt
                ? starting.Start
                : Task.FromResult(new ProcessStartResult(null, $"{LabelOf(launch)} is already being started on {this.GetPrimaryKeyString()}."));
        }

        var start = StartNewAsync(request, key);
        if (!start.IsCompleted)
        {
            _starting[key] = (request.Attempt, start);
        }

        return start;
    }

    /// <inheritdoc />
    /// <remarks>A stop for a process still being started is kept and applied by the start (see <see cref="_stopWhileStarting"/>).</remarks>
    public Task StopProcess(string jobId, int index, string reason)
    {
        if (_processes.TryGetValue((jobId, index), out var process))
        {
            StopRunning(process, reason);
        }
        else if (_starting.ContainsKey((jobId, index)))
        {
            _stopWhileStarting[(jobId, index)] = reason;
        }
        else if (!_reportedExits.ContainsKey((jobId, index)))
        {
            Remember(_stoppedBeforeStart, _stoppedBeforeStartOrder, (jobId, index), reason);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The process handles (and their output pipes) die with this activation and cannot be picked up
    /// again, so the processes are stopped rather than left running unobserved: SIGTERM to each process group, then
    /// SIGKILL to each group and tree after a grace that fits in Orleans' deactivation timeout and, when the silo
    /// stops, in its shutdown timeout (<see cref="ProcessRegistry.GraceFor"/>): <see cref="JobsOptions.StopGracePeriod"/>,
    /// cut to what fits. Starts still under way are refused if they have not forked yet, and waited for and stopped
    /// with the rest if they have. If the deactivation is cut short anyway, the kill is sent at once, and the silo's
    /// <see cref="JobHub.Agent.Hosting.ProcessShutdownService"/> still kills whatever runs before the silo exits.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_processes.Count == 0 && _starting.Count == 0)
        {
            return;
        }

        var stopReason = $"node {this.GetPrimaryKeyString()} went away ({reason})";
        if (_starting.Count > 0)
        {
            // A start that has not forked yet sees this and is refused; one that has is waited for and stopped below.
            var starts = _starting.Values.Select(s => s.Start).ToList();
            foreach (var key in _starting.Keys)
            {
                _stopWhileStarting.TryAdd(key, stopReason);
            }

            try
            {
                await Task.WhenAll(starts).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The deactivation timeout ran out: the silo's shutdown sweep kills whatever they started.
            }
        }

        if (_processes.Count == 0)
        {
            return;
        }

        var configured = options.Value.StopGracePeriod;
        var grace = launcher.Registry.GraceFor(configured, collection.Value.DeactivationTimeout);
        LogStoppingAll(logger, _processes.Count, this.GetPrimaryKeyString(), reason, grace, configured);
        var stops = _processes.Values.Select(process =>
        {
            process.StopRequested = true;
            process.StopReason ??= stopReason;
            return process.Process.StopAsync(grace, cancellationToken);
        }).ToList();
        try
        {
            await Task.WhenAll(stops);
        }
        catch (OperationCanceledException)
        {
            // The deactivation timeout ran out: the processes were sent SIGKILL, the silo's shutdown sweep waits for them.
        }
    }

    /// <inheritdoc />
    public Task<NodeProcessInfo?> GetProcess(string jobId, int index) =>
        Task.FromResult(
            _processes.TryGetValue((jobId, index), out var process) ? InfoOf(jobId, index, process)
            : _reportedExits.TryGetValue((jobId, index), out var exited) ? exited
            : null);

    /// <inheritdoc />
    public Task<NodeInfo> GetInfo()
    {
        var processes = _processes.Select(entry => InfoOf(entry.Key.JobId, entry.Key.Index, entry.Value)).ToImmutableArray();
        var pool = this.GetPrimaryKeyString()[..Math.Max(0, this.GetPrimaryKeyString().LastIndexOf('-'))];
        return Task.FromResult(new NodeInfo(this.GetPrimaryKeyString(), pool, processes));
    }

    private void StopRunning(NodeProcess process, string reason)
    {
        if (process.StopRequested)
        {
            return;
        }

        process.StopRequested = true;
        process.StopReason = reason;
        LogStopping(logger, process.Process.Label, process.Process.Pid, reason);

        // In the background: the grace period must not hold up this node's other calls. While the silo stops, the
        // grace is cut to the time left before its shutdown kill.
        _ = process.Process.StopAsync(launcher.Registry.GraceFor(options.Value.StopGracePeriod));
    }

    private static ProcessLabel LabelOf(WorkerLaunch launch) =>
        launch.Index == 0 ? ProcessLabel.Master(launch.JobId) : ProcessLabel.Worker(launch.JobId, launch.Index);

    private async Task<ProcessStartResult> StartNewAsync(ProcessStartRequest request, (string JobId, int Index) key)
    {
        try
        {
            var launch = request.Launch;
            var nodeId = this.GetPrimaryKeyString();

            // Nothing starts on this host before the processes a crashed silo left running here are gone.
            await orphans.ReapAsync();
            var (spec, error) = await Task.Run(() => preparation.PrepareAsync(launch, nodeId, LabelOf(launch)));
            if (spec is null)
            {
                return new ProcessStartResult(null, error);
            }

            spec = spec with { NodeId = nodeId };

            if (_lostWhileStarting.Remove(key, out var lostEarly))
            {
                return new ProcessStartResult(null, lostEarly, NodeLost: true);
            }

            if (_stopWhileStarting.TryGetValue(key, out var stoppedEarly))
            {
                return new ProcessStartResult(null, $"{LabelOf(launch)} was stopped before it started ({stoppedEarly}).");
            }

            var sink = new JobLogSink(logStore, launch.JobId, logger);
            var result = await launcher.StartAsync(spec, sink);
            if (result.Process is not { } started)
            {
                await sink.CompleteAsync();
                return new ProcessStartResult(null, result.Error);
            }

            var process = new NodeProcess(started, sink, request.Attempt, time.GetUtcNow());
            _processes[key] = process;
            _keepAlive ??= this.RegisterGrainTimer(_ => Task.CompletedTask, new GrainTimerCreationOptions(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)) { KeepAlive = true, Interleave = true });
            process.Watch = WatchAsync(key, process);
            if (_lostWhileStarting.Remove(key, out var lostWhileForking))
            {
                // The node went away while the fork was under way: the process goes with it.
                Kill(process, lostWhileForking);
            }
            else if (_stopWhileStarting.TryGetValue(key, out var stoppedWhileForking))
            {
                // Its worker asked for the stop while the fork was under way; WatchAsync reports the exit as stopped.
                StopRunning(process, stoppedWhileForking);
            }

            return new ProcessStartResult(started.Pid, null);
        }
        finally
        {
            _starting.Remove(key);
            _stopWhileStarting.Remove(key);
            _lostWhileStarting.Remove(key);
        }
    }

    private static NodeProcessInfo InfoOf(string jobId, int index, NodeProcess process) =>
        new(jobId, index, process.Attempt, process.Process.Pid, process.StartedAt);

    /// <summary>
    /// Waits for the exit off the grain's turns; the continuation after the await runs back on this
    /// activation (its synchronisation context), so the dictionary is only touched there.
    /// </summary>
    private async Task WatchAsync((string JobId, int Index) key, NodeProcess process)
    {
        var info = InfoOf(key.JobId, key.Index, process);
        int exitCode;
        try
        {
            exitCode = await process.Process.Exited;
            await process.Sink.CompleteAsync();
        }
        finally
        {
            process.Process.Dispose();
        }

        var exit = process.LostReason is { } lost
            ? new ProcessExit(key.JobId, key.Index, process.Attempt, exitCode, Stopped: false, lost, NodeLost: true)
            : new ProcessExit(
                key.JobId,
                key.Index,
                process.Attempt,
                exitCode,
                process.StopRequested,
                process.StopRequested ? $"stopped ({process.StopReason}), exit code {exitCode}" : $"exited with code {exitCode}");
        if (_processes.TryGetValue(key, out var current) && ReferenceEquals(current, process))
        {
            _processes.Remove(key);
            Remember(_reportedExits, _reportedExitOrder, key, info with { Exit = exit });
        }

        if (_processes.Count == 0)
        {
            _keepAlive?.Dispose();
            _keepAlive = null;
        }

        try
        {
            await GrainFactory.GetGrain<IWorkerGrain>(WorkerGrain.KeyOf(key.JobId, key.Index)).OnProcessExited(exit);
        }
        catch (Exception ex)
        {
            LogExitReportFailed(logger, ex, process.Process.Label);
        }
    }

    /// <summary>Adds or replaces an entry of a bounded memory, forgetting the oldest entries beyond <see cref="ReportedExitMemory"/>.</summary>
    private static void Remember<T>(Dictionary<(string JobId, int Index), T> memory, Queue<(string JobId, int Index)> order, (string JobId, int Index) key, T value)
    {
        if (!memory.ContainsKey(key))
        {
            order.Enqueue(key);
        }

        memory[key] = value;
        while (memory.Count > ReportedExitMemory && order.TryDequeue(out var oldest))
        {
            memory.Remove(oldest);
        }
    }

    private sealed class NodeProcess(RunningProcess process, JobLogSink sink, int attempt, DateTimeOffset startedAt)
    {
        public RunningProcess Process { get; } = process;

        public JobLogSink Sink { get; } = sink;

        public int Attempt { get; } = attempt;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public bool StopRequested { get; set; }

        public string? StopReason { get; set; }

        /// <summary>Why the node went away, once <see cref="Lose"/> killed the process.</summary>
        public string? LostReason { get; set; }

        /// <summary>Waits for the exit, stores the last lines and reports it (<see cref="WatchAsync"/>).</summary>
        public Task Watch { get; set; } = Task.CompletedTask;
    }
}
