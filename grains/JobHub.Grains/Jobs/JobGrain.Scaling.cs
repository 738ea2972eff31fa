using System.Collections.Immutable;
using System.Globalization;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Autoscaling;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Autoscaling.Processes;

namespace JobHub.Grains.Jobs;

/// <summary>
/// The process autoscaler's side of an elastic job with a scaler (docs/scheduling.md, "Process autoscaler"): the job
/// keeps <see cref="JobGrainState.ScaledWorkers"/> workers placed or running; its <see cref="JobScalerGrain"/> sets the
/// number. Growing again re-uses the slots the scaler emptied before any index not used yet, so a job that goes up and
/// down holds at most as many worker indexes as its largest scale (plus workers that ended by themselves).
/// </summary>
internal sealed partial class JobGrain
{
    /// <summary>Scaler decisions kept in a job's history at most; the oldest go first (state changes are always kept).</summary>
    public const int MaxScalingSteps = 200;

    /// <inheritdoc />
    public async Task<JobInfo> ScaleWorkers(ScalingDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        _ = Spec;
        if (S.State.IsTerminal() || !Elastic || S.ScaledWorkers is not { } before)
        {
            return await InfoAsync();
        }

        var after = Math.Clamp(decision.WorkersAfter, 0, WorkerCount);
        if (after == before)
        {
            return await InfoAsync(); // a repeated call (the scaler's answer was lost): recorded once
        }

        S.ScaledWorkers = after;
        RecordScaling(decision with { WorkersBefore = before, WorkersAfter = after });
        metrics.Scaled(up: after > before);
        var staying = StayingWorkers().ToList();
        var surplus = staying.Count - S.ScaledWorkers.Value;
        if (surplus > 0)
        {
            // Idle first (not running yet, or said so: jobhub worker idle), then the newest.
            var candidates = staying.Select(w => new WorkerCandidate(w.Index, w.StartedAt ?? DateTimeOffset.MaxValue, Idle: w.Status != WorkerStatus.Running || w.Idle));
            var reason = string.Create(CultureInfo.InvariantCulture, $"scaled down to {S.ScaledWorkers} workers");
            foreach (var index in ProcessAutoscaler.ChooseWorkersToStop(candidates, surplus))
            {
                S.ScaledDown.Add(index);
                Send(Worker(index).ScaleDown(S.Generations.GetValueOrDefault(index), reason), index, "scale down");
            }
        }

        await SaveAsync();
        if (surplus < 0)
        {
            await PlaceOrRetryAsync();
        }

        return await InfoAsync();
    }

    /// <inheritdoc />
    public async Task<WorkerInfo> SetWorkerIdle(int index, bool idle)
    {
        _ = Spec;
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, WorkerCount);
        if (S.State.IsTerminal())
        {
            throw new JobOperationException($"Job '{JobId}' has ended ({S.State.ToString().ToLowerInvariant()}): its workers are no longer idle or busy.");
        }

        var worker = await Worker(index).SetIdle(idle);
        if (worker.Status != WorkerStatus.Running)
        {
            throw new JobOperationException(string.Create(CultureInfo.InvariantCulture, $"Worker {index} of job '{JobId}' is {worker.Status.ToString().ToLowerInvariant()}, not running: only a running worker can say it is idle or busy."));
        }

        // Kept in memory with the job's next write: the worker grain holds the flag durably, and a reconcile reads it back.
        Record(worker);
        return worker;
    }

    /// <summary>Adds the decision to the job's history, keeping at most <see cref="MaxScalingSteps"/> of them.</summary>
    private void RecordScaling(ScalingDecision decision)
    {
        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"scaler: {decision.WorkersBefore} -> {decision.WorkersAfter} workers ({decision.Metric} last {Show(decision.Value)}, average {Show(decision.Average)} over {decision.Window})");
        S.History.Add(new JobTransition(S.State, time.GetUtcNow(), reason) { Scaling = decision });
        if (S.History.Count(t => t.Scaling is not null) > MaxScalingSteps)
        {
            S.History.RemoveAt(S.History.FindIndex(t => t.Scaling is not null));
        }

        static string Show(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "none";
    }

    /// <summary>The workers (index ≥ 1) a scaled job counts: placed, starting or running, not over.</summary>
    private IEnumerable<WorkerInfo> LiveWorkers() =>
        S.Workers.Values.Where(w => w.Index > 0 && !w.Status.IsTerminal() && (w.Status != WorkerStatus.Pending || S.Placements.ContainsKey(w.Index)));

    /// <summary>The live workers the scaler has not asked to stop.</summary>
    private IEnumerable<WorkerInfo> StayingWorkers() => LiveWorkers().Where(w => !S.ScaledDown.Contains(w.Index));

    /// <summary>Re-used slots waiting for a node (pending again, not placed yet).</summary>
    private IEnumerable<int> ReusedWaiting() =>
        S.Workers.Values.Where(w => w.Index > 0 && w.Status == WorkerStatus.Pending && !S.Placements.ContainsKey(w.Index) && S.Generations.ContainsKey(w.Index)).Select(w => w.Index);

    /// <summary>
    /// Of the pending indexes, the master and as many workers as the scale leaves room for (all without a scaler): re-used
    /// slots first, and an index not used yet only when no slot the scaler emptied is left, not even one still stopping.
    /// </summary>
    private ImmutableArray<int> WithinScale(ImmutableArray<int> pending)
    {
        if (!Elastic || S.ScaledWorkers is not { } keep)
        {
            return pending;
        }

        var room = Math.Max(0, keep - StayingWorkers().Count());
        var reused = pending.Where(i => i > 0 && S.Generations.ContainsKey(i)).Take(room).ToList();
        var fresh = Math.Max(0, room - reused.Count - S.ScaledDown.Count);
        return [.. pending.Where(i => i == 0), .. reused, .. pending.Where(i => i > 0 && !S.Generations.ContainsKey(i)).Take(fresh)];
    }

    /// <summary>
    /// Before a placement: turns slots the scaler emptied, whose process is over and whose reservation was given back, into
    /// pending workers again (their worker grain starts a new generation), as many as the scale has room for. Safe to
    /// repeat: a crash after the worker's reset and before the job's save re-uses the same generation again.
    /// </summary>
    private async Task ReuseStoppedSlotsAsync()
    {
        if (!Elastic || S.ScaledWorkers is not { } keep || S.ScaledDown.Count == 0 || S.State.IsTerminal())
        {
            return;
        }

        var room = keep - StayingWorkers().Count() - ReusedWaiting().Count();
        var free = S.ScaledDown
            .Where(i => S.Workers[i].Status.IsTerminal() && (!S.Placements.ContainsKey(i) || S.ReleasedIndexes.Contains(i)))
            .Order()
            .Take(Math.Max(0, room))
            .ToList();
        foreach (var index in free)
        {
            var generation = S.Generations.GetValueOrDefault(index) + 1;
            var worker = await Worker(index).Reuse(generation);
            if (worker.Status != WorkerStatus.Pending)
            {
                continue; // not over after all (a newer report is on its way): the next placement looks again
            }

            S.ScaledDown.Remove(index);
            S.Placements.Remove(index);
            S.ProcessPlacedAt.Remove(index);
            S.ReleasedIndexes.Remove(index);
            S.Generations[index] = generation;
            KeepEndedWorkerSeconds(S.Workers[index], worker); // the slot's last run stays charged
            S.Workers[index] = worker;
        }
    }

    /// <summary>
    /// After a worker's report: a slot the scaler emptied has just come free while the job is below its scale (it grew
    /// again while that worker was stopping), so the job places into it now rather than at its next reconcile.
    /// </summary>
    private async Task GrowIntoFreedSlotsAsync(int index)
    {
        if (Elastic && S.ScaledWorkers is { } keep && !S.State.IsTerminal() && S.ScaledDown.Contains(index)
            && S.Workers[index].Status.IsTerminal() && StayingWorkers().Count() + ReusedWaiting().Count() < keep)
        {
            await PlaceOrRetryAsync();
        }
    }

    /// <summary>
    /// At a reconcile: starts the scaler again (its silo may have gone while this activation stayed) and sends the
    /// scaler's stops again to workers still running (a stop is one-way and may have been lost; a repeated one is harmless).
    /// </summary>
    private void ResumeScaling()
    {
        StartScaler();
        if (S.ScaledWorkers is null || S.State.IsTerminal())
        {
            return;
        }

        var reason = string.Create(CultureInfo.InvariantCulture, $"scaled down to {S.ScaledWorkers} workers");
        foreach (var index in S.ScaledDown.Where(i => S.Workers[i].Status is WorkerStatus.Placed or WorkerStatus.Starting or WorkerStatus.Running).ToList())
        {
            Send(Worker(index).ScaleDown(S.Generations.GetValueOrDefault(index), reason), index, "scale down");
        }
    }

    /// <summary>Starts the job's scaler (one-way) while the job lives; a no-op for jobs without one.</summary>
    private void StartScaler()
    {
        if (S.ScaledWorkers is not null && !S.State.IsTerminal())
        {
            _ = GrainFactory.GetGrain<IJobScalerGrain>(JobId).Start();
        }
    }
}
