using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using JobHub.Agent.Bundles;
using JobHub.Agent.Jobs;
using JobHub.Agent.Results;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Validation;
using JobHub.GrainInterfaces;
using JobHub.GrainInterfaces.Datasets;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Autoscaling.Processes;
using JobHub.Grains.Billing;
using JobHub.Grains.Billing.Ledger;
using JobHub.Grains.Datasets;
using JobHub.Grains.Diagnostics;
using JobHub.Grains.Hosting;
using JobHub.Grains.Jobs.Index;
using JobHub.Grains.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Placement;
using Orleans.Runtime;

namespace JobHub.Grains.Jobs;

/// <summary>
/// One job: validates and keeps its spec, asks the node pool for reservations, starts its workers
/// (master = index 0) in the order its pool kind asks for, follows their one-way reports, enforces the
/// time limit, collects the results when the master exits and gives the reservations back.
/// </summary>
/// <remarks>
/// Calls go job → pool and job → worker → node only; everything flowing back is one-way, so no call
/// cycle can deadlock. A job that lives longer than <see cref="JobsOptions.ReconcileReminderDelay"/>
/// registers a durable reminder that reactivates it after a silo restart or failover to reconcile it;
/// younger ones are found again by <see cref="JobRecoveryService"/> when a silo starts.
/// </remarks>
[PreferLocalPlacement]
[GrainType("job")]
internal sealed partial class JobGrain(
    NodeTypeCatalog catalog,
    JobWorkspaceLayout layout,
    ResultsUploader uploader,
    CodeBundleStore bundles,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<JobGrain> logger,
    IJobIndex index,
    JobMetrics metrics,
    IBillingLedger ledger,
    JobEstimator estimator,
    [FromKeyedServices(BillingClock.ServiceKey)] TimeProvider meterClock,
    IOptions<BillingOptions> billing,
    QuotaDirectoryCache quotaDirectory,
    [PersistentState("job")] IPersistentState<JobGrainState> state) : Grain, IJobGrain, IRemindable
{
    private const string ReconcileReminder = "reconcile";

    /// <summary>Accounts of groups a job is charged to (<c>group:{realm}/{name}</c>): the groups fair share and caps count it in.</summary>
    private const string GroupAccountPrefix = "group:";

    /// <summary>Tries of one job-list row write before the caller is answered with the failure.</summary>
    private const int IndexWriteTries = 3;

    private static readonly TimeSpan IndexWriteBackoff = TimeSpan.FromMilliseconds(100);

    /// <summary>Wait before a placement that failed (the pool could not be reached) is tried again.</summary>
    private static readonly TimeSpan PlacementRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest a timer is set for (<see cref="Until"/>).</summary>
    private static readonly TimeSpan MaxTimerDue = TimeSpan.FromDays(1);
    private IGrainTimer? _deadlineTimer;
    private IGrainTimer? _startDeadlineTimer;
    private IGrainTimer? _reminderTimer;
    private IGrainTimer? _placementRetry;
    private JobSummary? _indexed;
    private Task _indexWrite = Task.CompletedTask;
    private long _saves;

    private JobGrainState S => state.State;

    private string JobId => this.GetPrimaryKeyString();

    private JobSpec Spec => S.Spec ?? throw NotFound();

    private bool Elastic => Spec.Distributed?.Pool == WorkerPoolKind.Elastic;

    private int WorkerCount => Spec.Mode == JobMode.Distributed && Spec.Distributed is { } d ? d.Nodes * d.ProcessesPerNode - 1 : 0;

    private int MinWorkers => Spec.Distributed?.MinimumWorkers ?? WorkerCount;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        RecoverMeterOnActivation();
        ArmTimers();
        StartScaler();
        if (S.Spec is not null)
        {
            // An earlier activation's last row write may have failed for good: write the row once more.
            WriteIndexIfChanged();
        }

        if (S.Spec is not null && (!(S.State.IsTerminal() && S.Released) || (M.StartedAt is not null && !M.Closed)))
        {
            // A new activation of a live job (after idle collection, a silo restart or a failover):
            // check at once that its processes still exist instead of waiting for the reminder.
            this.RegisterGrainTimer(_ => ReconcileAsync(), TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    /// <summary>Lets the last job-list write finish, so the row is as new as the state this activation wrote.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await _indexWrite;
        }
        catch (Exception)
        {
            // Logged by the write; the next activation writes the row again.
        }
    }

    /// <inheritdoc />
    public Task<JobInfo> Submit(JobSpec spec, string owner) => SubmitCharged(spec, owner, []);

    /// <inheritdoc />
    public async Task<JobInfo> SubmitCharged(JobSpec spec, string owner, ImmutableArray<string> groupAccounts)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        if (S.Spec is not null)
        {
            throw new JobOperationException($"Job '{JobId}' was already submitted.");
        }

        // Constraints instead of a pool: the pool is chosen now, and the job keeps it.
        var (chosen, poolProblem) = PoolChoice.Choose(catalog, spec);
        spec = chosen;
        var validation = JobSpecValidator.Validate(spec, catalog.NodeTypes);
        var errors = validation.Errors;
        if (poolProblem is not null && !errors.ContainsKey("nodeType"))
        {
            errors = new Dictionary<string, string[]>(errors, StringComparer.Ordinal) { ["constraints"] = [poolProblem] };
        }

        if (ProcessScalerSpecs.Problems(spec) is { Count: > 0 } scalerProblems)
        {
            errors = new Dictionary<string, string[]>(errors.Concat(scalerProblems), StringComparer.Ordinal);
        }
        if (CodeBundleStore.IsValidId(spec.CodeBundleId) && !await bundles.ExistsAsync(spec.CodeBundleId!))
        {
            errors = new Dictionary<string, string[]>(errors, StringComparer.Ordinal)
            {
                ["codeBundleId"] = [$"There is no code bundle '{spec.CodeBundleId}': upload the folder first (POST /api/v1/bundles) and use the id it answers."],
            };
        }

        if (errors.Count == 0 && catalog.MisfitProblem(spec) is { } misfit)
        {
            errors = new Dictionary<string, string[]>(errors, StringComparer.Ordinal) { [misfit.Field] = [misfit.Message] };
        }

        if (errors.Count > 0)
        {
            // Nothing was created, so nothing needs this activation (each submit comes with a new id).
            this.DeactivateOnIdle();
            throw new JobSpecRejectedException(errors);
        }

        // The datasets' content is pinned now: a later replacement does not change what this job sees (404 for one the owner cannot read).
        var datasets = await DatasetPinsOrDeactivateAsync(spec, owner);

        // Quotas: the estimate at the time limit is held at every account charged, or nothing is created.
        var accounts = await ReserveOrDeactivateAsync(spec, owner, groupAccounts);

        var now = time.GetUtcNow();
        S.Spec = spec;
        S.Owner = owner;
        S.Datasets = datasets;
        S.Accounts = accounts;
        S.SubmittedAt = now;
        S.TimeLimit = spec.TimeLimit;
        S.ClusterCookie = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        S.JobToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        S.ScaledWorkers = Elastic ? spec.Distributed?.Scaler?.MinWorkers : null;
        for (var index = 0; index <= WorkerCount; index++)
        {
            S.Workers[index] = new WorkerInfo { JobId = JobId, Index = index, Status = WorkerStatus.Pending, Reason = "not placed yet", Since = now };
        }

        Transition(JobState.Submitted, $"submitted by {owner}");
        await SaveAsync();

        // The row first: a job that holds reservations must be in the list, where JobRecoveryService finds it
        // after a crash that comes before its reminder. A job the list cannot show is not accepted.
        try
        {
            await _indexWrite;
        }
        catch (Exception)
        {
            await state.ClearStateAsync();
            await ReleaseReservationsAsync(accounts);
            _indexed = null;
            _indexWrite = Task.CompletedTask; // the job is not there: it answers "not found" from now on
            throw;
        }

        metrics.Submitted();
        try
        {
            ArmTimers();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Accepted and listed, but it cannot be watched over: it fails now, with the reason, and stays readable.
            await EndAsync(JobState.Failed, $"the job could not be armed: {ex.Message}");
            return await InfoAsync();
        }

        await PlaceOrRetryAsync();
        StartScaler();
        return await InfoAsync();
    }

    /// <inheritdoc />
    public Task<JobInfo> Get() => InfoAsync();

    /// <inheritdoc />
    public async Task<JobInfo> Reconcile()
    {
        await ReconcileAsync();
        return await InfoAsync();
    }

    /// <inheritdoc />
    public Task<bool> VerifyJobToken(string token)
    {
        if (S.Spec is null)
        {
            _ = NotFound();
            return Task.FromResult(false);
        }

        return Task.FromResult(S.JobToken is { } expected && token is not null
            && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>
    /// The answer for a job that does not exist. Its activation goes away once the call is answered: looking up ids
    /// that do not exist must not fill the silo with empty activations.
    /// </summary>
    private JobNotFoundException NotFound()
    {
        this.DeactivateOnIdle();
        return new JobNotFoundException(JobId);
    }

    /// <inheritdoc />
    public async Task<JobInfo> Stop(string by, string reason)
    {
        RequireOwner(by, "stop");
        if (JobSpecValidator.StopReasonProblem(reason) is { } problem)
        {
            throw new JobRequestRejectedException("reason", problem);
        }
        if (!S.State.IsTerminal())
        {
            await EndAsync(JobState.Stopped, string.IsNullOrWhiteSpace(reason) ? $"stopped by {by}" : $"stopped by {by}: {reason}");
        }

        return await InfoAsync();
    }

    /// <inheritdoc />
    public async Task<JobInfo> Extend(string by, TimeSpan duration)
    {
        RequireOwner(by, "extend");
        if (JobSpecValidator.ExtensionProblem(duration, S.TimeLimit) is { } problem)
        {
            throw new JobRequestRejectedException("duration", problem);
        }

        if (S.State.IsTerminal())
        {
            throw new JobOperationException($"Job '{JobId}' has ended ({S.State.ToString().ToLowerInvariant()}); its time limit can no longer be extended.");
        }

        S.TimeLimit += duration;
        await SaveAsync();
        LogExtended(logger, JobId, duration, S.TimeLimit);
        ArmTimers();
        return await InfoAsync();
    }

    /// <inheritdoc />
    public Task<ImmutableArray<WorkerInfo>> GetWorkers()
    {
        _ = Spec;
        return Task.FromResult(S.Workers.Values.OrderBy(w => w.Index).ToImmutableArray());
    }

    /// <inheritdoc />
    public Task<ImmutableArray<JobTransition>> GetHistory()
    {
        _ = Spec;
        return Task.FromResult(S.History.ToImmutableArray());
    }

    /// <inheritdoc />
    public async Task OnWorkerChanged(WorkerInfo worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        if (S.Spec is not null && Record(worker))
        {
            await AdvanceAndSaveAsync();
            await GrowIntoFreedSlotsAsync(worker.Index);
        }

        StopAgainIfEnded(worker.Index);
    }

    /// <inheritdoc />
    public async Task OnCapacityAvailable()
    {
        if (S.Spec is not null && !S.State.IsTerminal())
        {
            await PlaceAsync();
        }
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (S.Spec is null || (S.State.IsTerminal() && S.Released))
        {
            await UnregisterReconcileReminderAsync();
            return;
        }

        await ReconcileAsync();
    }

    /// <summary>Asks every worker that should have a process to check it with its node, then takes the steps due.</summary>
    private async Task ReconcileAsync()
    {
        if (S.Spec is null)
        {
            return;
        }

        foreach (var index in S.Workers.Values.Where(w => w.Status is WorkerStatus.Placed or WorkerStatus.Starting or WorkerStatus.Running).Select(w => w.Index).ToList())
        {
            var worker = await Worker(index).Reconcile();
            Record(worker);
            StopAgainIfEnded(worker.Index);
        }

        await AdvanceAndSaveAsync();
        await HandleNodeLossesAsync();
        await RelocateLostWorkersAsync();
        if (!S.State.IsTerminal())
        {
            // A start the job decided on may never have reached its worker (the worker's silo died on the way): send
            // it again. A worker that got it already answers as it is, so nothing starts twice.
            var masterNotStarted = S.MasterStarted && S.Workers[0].Status == WorkerStatus.Placed;
            if (masterNotStarted || S.Workers.Values.Any(w => w.Index > 0 && w.Status == WorkerStatus.Placed))
            {
                await LaunchPlacedAsync(masterNotStarted);
            }
        }

        if (S.State is JobState.Submitted or JobState.Queued || (Elastic && !S.State.IsTerminal()))
        {
            // Submitted: accepted, but its first placement never got through (a silo died during the submit).
            await PlaceOrRetryAsync();
        }

        ArmTimers();
        ResumeScaling();
    }

    /// <summary>
    /// Places the job; when the pool (or a worker) cannot be reached now (a silo failing over, a stale pool activation
    /// stepping aside), the job stays accepted and tries again shortly, instead of failing a submission that is
    /// already durable.
    /// </summary>
    private async Task PlaceOrRetryAsync()
    {
        try
        {
            await PlaceAsync();
        }
        catch (Exception ex) when (ex is not JobHubException)
        {
            RetryLater(ex);
        }
    }

    /// <summary>Reconciles again after <see cref="PlacementRetryDelay"/> (which places, and re-sends starts that did not get through).</summary>
    private void RetryLater(Exception failure)
    {
        LogPlacementRetry(logger, failure, JobId, PlacementRetryDelay);
        _placementRetry?.Dispose();
        _placementRetry = this.RegisterGrainTimer(
            async _ =>
            {
                _placementRetry?.Dispose();
                _placementRetry = null;
                if (S.State.IsTerminal())
                {
                    return;
                }

                try
                {
                    await ReconcileAsync();
                }
                catch (Exception ex) when (ex is not JobHubException)
                {
                    RetryLater(ex);
                }
            },
            PlacementRetryDelay,
            Timeout.InfiniteTimeSpan);
    }

    private async Task PlaceAsync()
    {
        if (S.State.IsTerminal() || (!Elastic && S.MasterStarted))
        {
            return; // a fixed pool takes no late workers
        }

        await ReuseStoppedSlotsAsync();
        var pending = S.Workers.Values
            .Where(w => w.Status == WorkerStatus.Pending && !S.Placements.ContainsKey(w.Index))
            .Select(w => w.Index)
            .Order()
            .ToImmutableArray();
        pending = WithinScale(pending);
        if (pending.IsEmpty)
        {
            return;
        }

        var result = NodeTypeCatalog.HasWorkerPool(Spec)
            ? await ReserveOnTwoPoolsAsync(pending)
            : await Pool.Reserve(ReservationFor(pending, Spec.NodeType, Elastic ? (S.Placements.ContainsKey(0) ? 0 : 1) : pending.Length));
        foreach (var placement in result.Placed)
        {
            S.Placements[placement.Index] = placement.NodeId;
            S.ProcessPlacedAt[placement.Index] = time.GetUtcNow();
            if (S.Workers[placement.Index].Status == WorkerStatus.Pending)
            {
                S.Workers[placement.Index] = S.Workers[placement.Index] with { Status = WorkerStatus.Placed, NodeId = placement.NodeId, Reason = $"placed on {placement.NodeId}" };
            }
        }

        if (S.State is JobState.Submitted or JobState.Queued)
        {
            if (result.Placed.IsEmpty)
            {
                if (S.State == JobState.Submitted)
                {
                    Transition(JobState.Queued, result.WaitingReason ?? "waiting for free nodes");
                }
                else
                {
                    S.Reason = result.WaitingReason ?? S.Reason;
                }
            }
            else
            {
                S.PlacedAt = time.GetUtcNow();
                var nodes = string.Join(", ", result.Placed.Select(p => p.NodeId).Distinct().Order(StringComparer.Ordinal));
                Transition(JobState.Starting, string.Create(CultureInfo.InvariantCulture, $"{result.Placed.Length} processes placed on {nodes}"));
            }
        }

        // Elastic and single-process: the master goes first, and the flag is saved with the placement.
        var startMaster = !result.Placed.IsEmpty && !S.MasterStarted && (Elastic || WorkerCount == 0) && S.Placements.ContainsKey(0);
        S.MasterStarted |= startMaster;
        await SaveAsync();
        if (!result.Placed.IsEmpty)
        {
            await LaunchPlacedAsync(startMaster);
        }
    }

    /// <summary>
    /// An elastic job whose workers run on another pool (<see cref="DistributedSpec.WorkerNodeType"/>): the master is
    /// reserved on the job's pool first, and the workers on theirs once the master has its place.
    /// </summary>
    private async Task<ReservationResult> ReserveOnTwoPoolsAsync(ImmutableArray<int> pending)
    {
        var placed = ImmutableArray.CreateBuilder<ProcessPlacement>();
        string? waiting = null;
        if (pending.Contains(0))
        {
            var master = await Pool.Reserve(ReservationFor([0], Spec.NodeType, required: 1));
            placed.AddRange(master.Placed);
            waiting = master.WaitingReason;
        }

        var workers = pending.Remove(0);
        if (!workers.IsEmpty && (S.Placements.ContainsKey(0) || placed.Any(p => p.Index == 0)))
        {
            var result = await WorkerPool.Reserve(ReservationFor(workers, NodeTypeCatalog.WorkerNodeTypeOf(Spec), required: 0) with { WorkersOnly = true });
            placed.AddRange(result.Placed);
            waiting ??= result.WaitingReason;
        }

        return new ReservationResult(placed.ToImmutable(), waiting);
    }

    /// <summary>The reservation of processes <paramref name="indexes"/> on the pool of <paramref name="nodeTypeName"/>, each its share of a node there.</summary>
    private ReservationRequest ReservationFor(ImmutableArray<int> indexes, string nodeTypeName, int required)
    {
        var nodeType = catalog.Find(nodeTypeName) ?? throw new JobOperationException($"Node type '{nodeTypeName}' no longer exists.");
        return new ReservationRequest(JobId, indexes, NodeTypeCatalog.PerProcess(Spec, nodeType), required)
        {
            Owner = S.Owner ?? string.Empty,
            Groups = [.. S.Accounts.Where(a => a.StartsWith(GroupAccountPrefix, StringComparison.Ordinal)).Select(a => a[GroupAccountPrefix.Length..])],
            FixedPool = !Elastic && WorkerCount > 0,
            ProcessCount = WorkerCount + 1,
            Priority = Spec.Priority,
        };
    }

    private async Task LaunchPlacedAsync(bool startMaster)
    {
        if (S.State.IsTerminal())
        {
            return;
        }

        if (startMaster)
        {
            Record(await Worker(0).Start(Launch(0)));
        }

        var toStart = S.Placements.Keys.Where(i => i != 0 && S.Workers[i].Status == WorkerStatus.Placed).Order().ToList();
        if (Elastic)
        {
            foreach (var info in await Task.WhenAll(toStart.Select(i => Worker(i).Start(Launch(i)))))
            {
                Record(info);
            }
        }
        else if (!S.MasterStarted)
        {
            // A fixed pool's workers report back (OnWorkerChanged) as they run; the job does not wait for
            // their starts, which may be slow (a large code bundle to unpack), so it keeps answering and
            // its start deadline can pass while they are still starting.
            foreach (var index in toStart)
            {
                Send(Worker(index).Start(Launch(index)), index, "start");
            }
        }

        ArmTimers();
        await AdvanceAndSaveAsync();
    }

    private async Task StartMasterAsync()
    {
        S.MasterStarted = true;
        await SaveAsync();
        Record(await Worker(0).Start(Launch(0)));
    }

    /// <summary><see cref="AdvanceAsync"/>, then a save unless it saved already (it saves whatever it changes, and what was recorded before).</summary>
    private async Task AdvanceAndSaveAsync()
    {
        var before = _saves;
        await AdvanceAsync();
        if (_saves == before)
        {
            await SaveAsync();
        }
    }

    /// <summary>Looks at the workers and takes every step that is due; safe to call any time.</summary>
    private async Task AdvanceAsync()
    {
        if (!S.State.IsTerminal())
        {
            if (!S.MasterStarted && !Elastic && S.Placements.ContainsKey(0))
            {
                var running = RunningWorkers();
                if (running >= MinWorkers)
                {
                    await StartMasterAsync();
                    await StopUnstartedFixedWorkersAsync();
                }
                else if (running + S.Workers.Values.Count(w => w.Index > 0 && !w.Status.IsTerminal() && w.Status != WorkerStatus.Running) < MinWorkers)
                {
                    await EndAsync(JobState.Failed, string.Create(CultureInfo.InvariantCulture, $"only {running} of the {MinWorkers} required workers could start"));
                    return;
                }
            }

            var master = S.Workers[0];
            if (master.Status == WorkerStatus.Running && S.State == JobState.Starting)
            {
                S.StartedAt = master.StartedAt ?? time.GetUtcNow();
                Transition(JobState.Running, $"master running on {master.NodeId}");
                StartMeter(meterClock.GetUtcNow());
                metrics.Started(S.StartedAt.Value - S.SubmittedAt);
                await SaveAsync();
                ArmTimers();
            }
        }

        if (S.Workers[0].Status.IsTerminal() && S.Workers[0].StartedAt is not null && !S.ResultsCollected)
        {
            if (S.State is JobState.TimedOut or JobState.CostLimitReached)
            {
                // A job stopped at a limit keeps its logs but stores no outputs (docs/jobs.md, docs/billing.md).
                S.ResultsCollected = true;
            }
            else
            {
                await CollectResultsAsync();
            }
        }

        if (!S.State.IsTerminal() && S.Workers[0].Status.IsTerminal())
        {
            var master = S.Workers[0];
            S.ExitCode = master.ExitCode;
            if (master.Status == WorkerStatus.Exited && master.ExitCode == 0)
            {
                await EndAsync(JobState.Completed, "master exited with code 0");
            }
            else
            {
                await EndAsync(JobState.Failed, $"master {master.Reason}");
            }

            return;
        }

        await ReleaseFinishedAsync();
    }

    private async Task StopUnstartedFixedWorkersAsync()
    {
        foreach (var worker in S.Workers.Values.Where(w => w.Index > 0 && !w.Status.IsTerminal() && w.Status != WorkerStatus.Running).ToList())
        {
            Send(Worker(worker.Index).Stop("fixed pool: the master started without it"), worker.Index, "stop");
        }

        await SaveAsync();
    }

    /// <summary>
    /// A request to a worker whose answer the job does not wait for: the worker reports the outcome with
    /// <see cref="IJobGrain.OnWorkerChanged"/>. A worker still busy starting its process answers only once
    /// the start is over, and the job must stay responsive meanwhile.
    /// </summary>
    private void Send(Task call, int index, string what) => _ = ObserveAsync(call, index, what);

    private async Task ObserveAsync(Task call, int index, string what)
    {
        try
        {
            await call;
        }
        catch (Exception ex)
        {
            LogWorkerCallFailed(logger, ex, JobId, index, what);
        }
    }

    /// <summary>Moves to an end state and stops every process still there (the workers report when they are over).</summary>
    /// <remarks>
    /// The end state is durable before any process is stopped or anything released: a crash in between then
    /// leaves a job that reconciles as stopped (or timed out), re-sends its stops and releases, instead of a
    /// job still running whose master was killed and which would end as failed (exit code 143). With nothing
    /// left to stop (the usual end: the master exited) one save covers the end and the release; a crash before
    /// it makes the job reconcile, find its master over and end the same way again.
    /// </remarks>
    private async Task EndAsync(JobState end, string reason)
    {
        Transition(end, reason);
        await TryMeterAsync();
        _deadlineTimer?.Dispose();
        _deadlineTimer = null;
        _startDeadlineTimer?.Dispose();
        _startDeadlineTimer = null;
        var toStop = S.Workers.Values.Where(w => !w.Status.IsTerminal()).Select(w => w.Index).ToList();
        var before = _saves;
        if (toStop.Count > 0)
        {
            await SaveAsync();
            foreach (var index in toStop)
            {
                Send(Worker(index).Stop(reason), index, "stop");
            }
        }

        await ReleaseFinishedAsync();
        if (_saves == before)
        {
            await SaveAsync();
        }
    }

    /// <summary>
    /// An ended job whose worker still reports a process: the stop sent at the end may have been lost (it is
    /// one-way), and the reservation stays held until the worker ends, so the stop is sent again (idempotent).
    /// </summary>
    private void StopAgainIfEnded(int index)
    {
        if (S.State.IsTerminal() && S.Workers.TryGetValue(index, out var known) && !known.Status.IsTerminal() && known.Status != WorkerStatus.Pending)
        {
            Send(Worker(index).Stop(S.Reason), index, "stop");
        }
    }

    /// <summary>Gives back the reservations of processes that are over for good, and the whole job's once it ended.</summary>
    private async Task ReleaseFinishedAsync()
    {
        if (!M.Closed && S.State.IsTerminal() && S.Workers.Values.All(w => w.Status.IsTerminal()))
        {
            // The final charge is in the ledger before anything is released: a failure here leaves the job to try again.
            await MeterAsync();
            await SaveAsync();
        }

        await SettleAccountsAsync();

        if (S.Released)
        {
            return;
        }

        if (S.State.IsTerminal() && S.Workers.Values.All(w => w.Status.IsTerminal()))
        {
            await Pool.ReleaseJob(JobId);
            if (NodeTypeCatalog.HasWorkerPool(Spec))
            {
                await WorkerPool.ReleaseJob(JobId);
            }

            S.Released = true;
            await SaveAsync();
            if (S.ReminderRegistered)
            {
                await UnregisterReconcileReminderAsync();
            }

            _reminderTimer?.Dispose();
            _reminderTimer = null;
            return;
        }

        if (S.State.IsTerminal())
        {
            // The job is over and its last processes are stopping: everything goes back in one release when they have,
            // rather than one pool write per process (a pool writes its whole state after each release).
            return;
        }

        foreach (var worker in S.Workers.Values.Where(w => w.Status.IsTerminal() && S.Placements.ContainsKey(w.Index) && !S.ReleasedIndexes.Contains(w.Index)).ToList())
        {
            await PoolOf(worker.Index).Release(JobId, worker.Index);
            S.ReleasedIndexes.Add(worker.Index);
            await SaveAsync();
        }
    }

    private async Task CollectResultsAsync()
    {
        S.ResultsCollected = true;
        var workspace = layout.For(JobId);
        try
        {
            if (await ResultsSummaryReader.ReadAsync(workspace.ResultsSummaryFile) is { } summary)
            {
                S.Summary = new JobResultsSummary(summary.Content, summary.Truncated, summary.InvalidJson);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogResultsFailed(logger, ex, JobId);
        }

        var prefix = $"jobs/{JobId}/results";
        try
        {
            var outcome = await uploader.UploadAsync(workspace.UploadDirectory, prefix);
            S.Results = new JobResults(
                outcome.Accepted,
                prefix,
                [.. outcome.Files.Select(f => new JobResultFile(f.RelativePath, f.Size, f.Sha256))],
                outcome.TotalBytes,
                outcome.RefusalReason);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogResultsFailed(logger, ex, JobId);
            S.Results = new JobResults(false, prefix, [], 0, $"the upload failed: {ex.Message}");
        }

        // Saved by the caller with what follows (the end of the job, or the trailing save of AdvanceAndSaveAsync).
    }

    private void ArmTimers()
    {
        if (S.Spec is null)
        {
            return;
        }

        _deadlineTimer?.Dispose();
        _deadlineTimer = null;
        if (S.State == JobState.Running && S.StartedAt is { } started)
        {
            _deadlineTimer = this.RegisterGrainTimer(OnDeadlineAsync, Until(SafeAdd(started, S.TimeLimit)), Timeout.InfiniteTimeSpan);
        }

        _startDeadlineTimer?.Dispose();
        _startDeadlineTimer = null;
        if (S.State == JobState.Starting && !Elastic && !S.MasterStarted && S.PlacedAt is { } placed)
        {
            _startDeadlineTimer = this.RegisterGrainTimer(OnStartDeadlineAsync, Until(SafeAdd(placed, options.Value.FixedPoolStartDeadline)), Timeout.InfiniteTimeSpan);
        }

        if (_reminderTimer is null && !S.ReminderRegistered && !S.Released)
        {
            _reminderTimer = this.RegisterGrainTimer(RegisterReminderAsync, Until(S.SubmittedAt + options.Value.ReconcileReminderDelay), Timeout.InfiniteTimeSpan);
        }

        ArmMeter();
    }

    /// <summary>
    /// Short jobs end before this runs and never touch the reminder table (two durable writes each); a
    /// job still live by now gets the reminder that brings it back after a failover.
    /// </summary>
    private async Task RegisterReminderAsync(CancellationToken cancellationToken)
    {
        _reminderTimer?.Dispose();
        _reminderTimer = null;
        if (!S.ReminderRegistered && !S.Released)
        {
            // Not the timer's token: disposing the timer above cancels it, and the registration must go through.
            await this.RegisterOrUpdateReminder(ReconcileReminder, options.Value.ReconcileInterval, options.Value.ReconcileInterval, CancellationToken.None);
            S.ReminderRegistered = true;
            await SaveAsync();
        }
    }

    private async Task UnregisterReconcileReminderAsync()
    {
        if (await this.GetReminder(ReconcileReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>
    /// The due time of a timer for <paramref name="moment"/>, at most a day: a timer cannot wait longer than about 49
    /// days, and every timer callback checks whether its moment has come and arms again when it has not.
    /// </summary>
    private TimeSpan Until(DateTimeOffset moment)
    {
        var due = moment - time.GetUtcNow();
        return due < TimeSpan.Zero ? TimeSpan.Zero : due > MaxTimerDue ? MaxTimerDue : due;
    }

    /// <summary><paramref name="start"/> + <paramref name="span"/>, or the latest time there is when that is past it (a record from before limits).</summary>
    private static DateTimeOffset SafeAdd(DateTimeOffset start, TimeSpan span) =>
        span > DateTimeOffset.MaxValue - start ? DateTimeOffset.MaxValue : start + span;

    private async Task OnDeadlineAsync(CancellationToken cancellationToken)
    {
        if (S.State == JobState.Running && S.StartedAt is { } started)
        {
            if (time.GetUtcNow() >= SafeAdd(started, S.TimeLimit))
            {
                await EndAsync(JobState.TimedOut, $"time limit of {S.TimeLimit} reached");
            }
            else
            {
                ArmTimers();
            }
        }
    }

    private async Task OnStartDeadlineAsync(CancellationToken cancellationToken)
    {
        if (S.State == JobState.Starting && !S.MasterStarted && S.PlacedAt is { } placed)
        {
            if (time.GetUtcNow() < SafeAdd(placed, options.Value.FixedPoolStartDeadline))
            {
                ArmTimers(); // a timer waits at most a day (Until): not yet
                return;
            }

            await EndAsync(JobState.Failed, string.Create(
                CultureInfo.InvariantCulture,
                $"only {RunningWorkers()} of the {MinWorkers} required workers were running after {options.Value.FixedPoolStartDeadline}"));
        }
    }

    private int RunningWorkers() => S.Workers.Values.Count(w => w.Index > 0 && w.Status == WorkerStatus.Running);

    /// <summary>Keeps a worker's report unless a newer one is already known; true when it changed something.</summary>
    private bool Record(WorkerInfo info)
    {
        if (S.Workers.TryGetValue(info.Index, out var known) && known.Version >= info.Version)
        {
            return false;
        }

        KeepEndedWorkerSeconds(known, info);
        S.Workers[info.Index] = info;
        return true;
    }

    /// <summary>
    /// Writes the job's state, then (without waiting) its row in the job list when the row changed. The
    /// list is a projection: rewritten after each activation's first save, so it catches up after a failed
    /// write or a crash. Row writes of one job are chained, so they land in order on any store.
    /// </summary>
    private async Task SaveAsync()
    {
        await state.WriteStateAsync();
        _saves++;
        WriteIndexIfChanged();
    }

    /// <summary>Queues the job-list row write when the row differs from the last one written (or tried).</summary>
    private void WriteIndexIfChanged()
    {
        if (S.Spec is null || S.Owner is null)
        {
            return;
        }

        var summary = new JobSummary(JobId, S.Spec.Name, S.Owner, S.State, S.Reason, S.SubmittedAt, S.StartedAt, S.EndedAt);
        if (summary != _indexed)
        {
            _indexed = summary;
            _indexWrite = WriteIndexAsync(_indexWrite, summary);
        }
    }

    /// <summary>
    /// Writes one row (unless a newer one was queued behind it meanwhile), retrying a few times with a doubling
    /// backoff; a write that still fails faults <see cref="_indexWrite"/>, so the caller waiting in
    /// <see cref="InfoAsync"/> is answered with the failure rather than a success the list does not show, and the
    /// next save or answer writes the row again.
    /// </summary>
    private async Task WriteIndexAsync(Task previous, JobSummary summary)
    {
        try
        {
            await previous;
        }
        catch (Exception)
        {
            // That row's failure was answered to its caller; this newer row replaces it.
        }

        if (_indexed is not null && _indexed != summary)
        {
            return; // a newer row is queued behind this one (a short job changes state faster than the list commits)
        }

        var backoff = IndexWriteBackoff;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await index.UpsertAsync(summary);
                return;
            }
            catch (Exception ex) when (attempt < IndexWriteTries)
            {
                LogIndexWriteRetry(logger, ex, JobId, attempt);
                await Task.Delay(backoff, time);
                backoff *= 2;
            }
            catch (Exception ex)
            {
                LogIndexWriteFailed(logger, ex, JobId);
                if (_indexed == summary)
                {
                    _indexed = null; // the next save or answer writes the row again
                }

                throw;
            }
        }
    }

    /// <summary>
    /// The job as it is, answered only once its job-list row is written too: whatever a caller is shown
    /// (here or in the list) is durable in both, so a restart never shows an older state, and a list read
    /// after this answer shows at least this state. A row whose write failed is written again first, and
    /// if that fails too the caller gets the failure.
    /// </summary>
    private async Task<JobInfo> InfoAsync()
    {
        if (_indexWrite.IsFaulted)
        {
            WriteIndexIfChanged();
        }

        await _indexWrite;
        return Info();
    }

    private void Transition(JobState next, string reason)
    {
        var now = time.GetUtcNow();
        S.State = next;
        S.Reason = reason;
        S.History.Add(new JobTransition(next, now, reason));
        if (next.IsTerminal())
        {
            S.EndedAt = now;
            metrics.Ended(next);
        }

        LogTransition(logger, JobId, next, reason);
    }

    private void RequireOwner(string by, string action)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        _ = Spec;
        if (!string.Equals(by, S.Owner, StringComparison.Ordinal))
        {
            throw new JobAccessDeniedException(JobId, by, action);
        }
    }

    private WorkerLaunch Launch(int index) => new()
    {
        JobId = JobId,
        Index = index,
        NodeId = S.Placements[index],
        Command = Spec.Command ?? Spec.EntryScript!,
        CommandIsEntryScript = Spec.Command is null,
        CodeBundleId = Spec.CodeBundleId,
        Arguments = [.. Spec.Arguments],
        Environment = Spec.Environment.ToImmutableDictionary(StringComparer.Ordinal),
        WorkerCount = WorkerCount,
        Elastic = Elastic,
        MinWorkersRequired = MinWorkers,
        ClusterCookie = S.ClusterCookie,
        JobToken = S.JobToken,
        Datasets = S.Datasets.IsDefault ? [] : S.Datasets,
    };

    private async Task<ImmutableArray<DatasetPin>> DatasetPinsOrDeactivateAsync(JobSpec spec, string owner)
    {
        try
        {
            return await DatasetPins.ResolveAsync(GrainFactory, spec.Datasets, owner, spec.Project);
        }
        catch (DatasetNotFoundException)
        {
            this.DeactivateOnIdle();
            throw;
        }
    }

    private IWorkerGrain Worker(int index) => GrainFactory.GetGrain<IWorkerGrain>(WorkerGrain.KeyOf(JobId, index));

    /// <summary>The pool of the job's node type: its master's, and its workers' unless they have their own (<see cref="WorkerPool"/>).</summary>
    private INodePoolGrain Pool => GrainFactory.GetGrain<INodePoolGrain>(Spec.NodeType);

    /// <summary>The pool of the job's workers (<see cref="NodeTypeCatalog.WorkerNodeTypeOf"/>).</summary>
    private INodePoolGrain WorkerPool => GrainFactory.GetGrain<INodePoolGrain>(NodeTypeCatalog.WorkerNodeTypeOf(Spec));

    private INodePoolGrain PoolOf(int index) => index == 0 ? Pool : WorkerPool;

    private JobInfo Info()
    {
        var (cost, seconds) = MeterReading();
        return InfoWith(cost, seconds);
    }

    private JobInfo InfoWith(decimal cost, long billedSeconds) => new()
    {
        JobId = JobId,
        Owner = S.Owner ?? throw NotFound(),
        Spec = Spec,
        State = S.State,
        Reason = S.Reason,
        SubmittedAt = S.SubmittedAt,
        StartedAt = S.StartedAt,
        EndedAt = S.EndedAt,
        TimeLimit = S.TimeLimit,
        Deadline = S.StartedAt is { } started ? SafeAdd(started, S.TimeLimit) : null,
        ExitCode = S.ExitCode,
        Summary = S.Summary,
        Results = S.Results,
        History = [.. S.History],
        Cost = cost,
        CostFinal = M.Closed,
        BilledSeconds = billedSeconds,
        PricePerHour = MeterPricePerHour(),
        Currency = billing.Value.Currency,
    };
}
