using System.Collections.Immutable;
using JobHub.Agent.Bundles;
using JobHub.Agent.Jobs;
using JobHub.Agent.Processes;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Hosting;
using JobHub.Grains.Jobs;
using JobHub.Grains.Logs;
using JobHub.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Nodes;

/// <summary>
/// A local node: starts job processes through the agent's <see cref="ProcessLauncher"/> in the job's
/// working folder with the job environment, stores their output in the <see cref="IJobLogStore"/>, and
/// reports every exit to the process's worker with the one-way <see cref="IWorkerGrain.OnProcessExited"/>.
/// </summary>
/// <remarks>
/// Process handles live in memory only: a keep-alive timer holds the activation while processes run.
/// After a silo restart the node knows no process, so workers that reconcile find theirs missing and
/// count it as lost (the orphaned OS processes are not killed yet: see docs/jobs.md).
/// </remarks>
[Reentrant]
internal sealed partial class NodeGrain(
    ProcessLauncher launcher,
    JobWorkspaceLayout layout,
    CodeBundleInstaller bundles,
    IJobLogStore logStore,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<NodeGrain> logger) : Grain, INodeGrain
{
    /// <summary>How long an exit stays known after it was reported (see <see cref="_reportedExits"/>).</summary>
    private static readonly TimeSpan ReportedExitMemory = TimeSpan.FromMinutes(1);

    private readonly Dictionary<(string JobId, int Index), NodeProcess> _processes = [];

    /// <summary>
    /// Processes that exited and whose exit was sent (one-way) to their worker. A worker reconciling in between
    /// (its reconcile turn asked <see cref="GetProcess"/> before the exit report reached it) must still find its
    /// process, or it would count a process that simply ended as lost; the report then arrives and settles it.
    /// </summary>
    private readonly Dictionary<(string JobId, int Index), (NodeProcessInfo Info, DateTimeOffset ExitedAt)> _reportedExits = [];
    private readonly Dictionary<(string JobId, int Index), (int Attempt, Task<ProcessStartResult> Start)> _starting = [];

    /// <summary>
    /// Stops that arrived while their process was still being started (its worker's start call may have timed
    /// out meanwhile, and the job given its capacity away): the start checks here before and right after the fork.
    /// </summary>
    private readonly Dictionary<(string JobId, int Index), string> _stopWhileStarting = [];
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
                : new ProcessStartResult(null, $"{running.Process.Label} already runs on {GetPrimaryKeyString()} (pid {running.Process.Pid})."));
        }

        if (_starting.TryGetValue(key, out var starting))
        {
            return starting.Attempt == request.Attempt
                ? starting.Start
                : Task.FromResult(new ProcessStartResult(null, $"{LabelOf(launch)} is already being started on {GetPrimaryKeyString()}."));
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

        return Task.CompletedTask;
    }

    /// <summary>
    /// The process handles (and their output pipes) die with this activation and cannot be picked up
    /// again, so the processes are stopped rather than left running unobserved.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        var stops = _processes.Values.Select(process =>
        {
            process.StopRequested = true;
            process.StopReason ??= $"node {GetPrimaryKeyString()} went away ({reason})";
            return process.Process.StopAsync(options.Value.StopGracePeriod, cancellationToken);
        });
        try
        {
            await Task.WhenAll(stops);
        }
        catch (OperationCanceledException)
        {
            // The deactivation timeout ran out; what is left was sent SIGTERM at least.
        }
    }

    /// <inheritdoc />
    public Task<NodeProcessInfo?> GetProcess(string jobId, int index) =>
        Task.FromResult(
            _processes.TryGetValue((jobId, index), out var process) ? InfoOf(jobId, index, process)
            : _reportedExits.TryGetValue((jobId, index), out var exited) ? exited.Info
            : null);

    /// <inheritdoc />
    public Task<NodeInfo> GetInfo()
    {
        var processes = _processes.Select(entry => InfoOf(entry.Key.JobId, entry.Key.Index, entry.Value)).ToImmutableArray();
        var pool = GetPrimaryKeyString()[..Math.Max(0, GetPrimaryKeyString().LastIndexOf('-'))];
        return Task.FromResult(new NodeInfo(GetPrimaryKeyString(), pool, processes));
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

        // In the background: the grace period must not hold up this node's other calls.
        _ = process.Process.StopAsync(options.Value.StopGracePeriod);
    }

    private static ProcessLabel LabelOf(WorkerLaunch launch) =>
        launch.Index == 0 ? ProcessLabel.Master(launch.JobId) : ProcessLabel.Worker(launch.JobId, launch.Index);

    private async Task<ProcessStartResult> StartNewAsync(ProcessStartRequest request, (string JobId, int Index) key)
    {
        try
        {
            var launch = request.Launch;
            var nodeId = GetPrimaryKeyString();
            var (spec, error) = await Task.Run(() => PrepareAsync(launch, nodeId));
            if (spec is null)
            {
                return new ProcessStartResult(null, error);
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
            _reportedExits.Remove(key);
            _keepAlive ??= RegisterGrainTimer(_ => Task.CompletedTask, new GrainTimerOptions { DueTime = TimeSpan.FromMinutes(1), Period = TimeSpan.FromMinutes(1), KeepAlive = true });
            _ = WatchAsync(key, process);
            if (_stopWhileStarting.TryGetValue(key, out var stoppedWhileForking))
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
        }
    }

    /// <summary>
    /// Unpacks the job's code bundle, creates its folders and builds the environment and command line. All of
    /// it is file I/O (the installer checks and reads its marker file synchronously), so it runs on the thread
    /// pool, never in the node's turn.
    /// </summary>
    private async Task<(ProcessLaunchSpec? Spec, string? Error)> PrepareAsync(WorkerLaunch launch, string nodeId)
    {
        if (launch.CodeBundleId is { } bundleId)
        {
            try
            {
                await bundles.InstallAsync(launch.JobId, bundleId).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
            {
                LogBundleFailed(logger, ex, launch.JobId, bundleId);
                return (null, $"Could not unpack code bundle '{bundleId}' into the job's folder on {nodeId}: {ex.Message}");
            }
        }

        return Prepare(launch, nodeId);
    }

    private (ProcessLaunchSpec? Spec, string? Error) Prepare(WorkerLaunch launch, string nodeId)
    {
        JobWorkspace workspace;
        IReadOnlyDictionary<string, string> environment;
        try
        {
            workspace = layout.Create(launch.JobId);
            environment = JobEnvironment.Build(
                new JobEnvironmentValues(
                    launch.JobId,
                    launch.Index == 0 ? ProcessRole.Master : ProcessRole.Worker,
                    launch.Index,
                    launch.WorkerCount,
                    launch.Elastic,
                    launch.MinWorkersRequired,
                    launch.ClusterCookie,
                    options.Value.ApiUrl,
                    launch.JobToken,
                    workspace.ResultsSummaryFile,
                    workspace.UploadDirectory),
                launch.Environment);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return (null, $"Could not prepare the job's folder or environment on {nodeId}: {ex.Message}");
        }

        EntryScriptCommand command;
        try
        {
            command = launch.CommandIsEntryScript
                ? EntryScriptCommand.Resolve(workspace.WorkDirectory, launch.Command, launch.Arguments)
                : new EntryScriptCommand(launch.Command, launch.Arguments);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return (null, ex.Message);
        }

        return (new ProcessLaunchSpec(command.Command, command.Arguments, workspace.WorkDirectory, environment, LabelOf(launch)), null);
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

        if (_processes.TryGetValue(key, out var current) && ReferenceEquals(current, process))
        {
            _processes.Remove(key);
            var now = time.GetUtcNow();
            foreach (var old in _reportedExits.Where(e => now - e.Value.ExitedAt > ReportedExitMemory).Select(e => e.Key).ToList())
            {
                _reportedExits.Remove(old);
            }

            _reportedExits[key] = (info, now);
        }

        if (_processes.Count == 0)
        {
            _keepAlive?.Dispose();
            _keepAlive = null;
        }

        var reason = process.StopRequested
            ? $"stopped ({process.StopReason}), exit code {exitCode}"
            : $"exited with code {exitCode}";
        try
        {
            await GrainFactory.GetGrain<IWorkerGrain>(WorkerGrain.KeyOf(key.JobId, key.Index))
                .OnProcessExited(new ProcessExit(key.JobId, key.Index, process.Attempt, exitCode, process.StopRequested, reason));
        }
        catch (Exception ex)
        {
            LogExitReportFailed(logger, ex, process.Process.Label);
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
    }
}
