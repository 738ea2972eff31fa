using System.Collections.Immutable;
using System.Globalization;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Autoscaling;
using JobHub.Grains.Autoscaling.Processes;

namespace JobHub.Grains.Jobs;

/// <summary>
/// The process autoscaler's side of an elastic job with a scaler (docs/scheduling.md, "Process autoscaler"): the job
/// keeps <see cref="JobGrainState.ScaledWorkers"/> workers placed or running; its <see cref="JobScalerGrain"/> sets the
/// number. A stopped worker is over for good, so a job grows again from its workers not yet used.
/// </summary>
internal sealed partial class JobGrain
{
    /// <inheritdoc />
    public async Task<JobInfo> ScaleWorkers(int workers)
    {
        _ = Spec;
        if (S.State.IsTerminal() || !Elastic || S.ScaledWorkers is null)
        {
            return await InfoAsync();
        }

        S.ScaledWorkers = Math.Clamp(workers, 0, WorkerCount);
        var live = LiveWorkers().ToList();
        var surplus = live.Count - S.ScaledWorkers.Value;
        if (surplus > 0)
        {
            // JobHub cannot see whether a running worker is busy: the ones not yet running go first, then the newest.
            var candidates = live.Select(w => new WorkerCandidate(w.Index, w.StartedAt ?? DateTimeOffset.MaxValue, Idle: w.Status != WorkerStatus.Running));
            var reason = string.Create(CultureInfo.InvariantCulture, $"scaled down to {S.ScaledWorkers} workers");
            foreach (var index in ProcessAutoscaler.ChooseWorkersToStop(candidates, surplus))
            {
                Send(Worker(index).Stop(reason), index, "stop");
            }
        }

        await SaveAsync();
        if (surplus < 0)
        {
            await PlaceOrRetryAsync();
        }

        return await InfoAsync();
    }

    /// <summary>The workers (index ≥ 1) a scaled job counts: placed, starting or running, not over.</summary>
    private IEnumerable<WorkerInfo> LiveWorkers() =>
        S.Workers.Values.Where(w => w.Index > 0 && !w.Status.IsTerminal() && (w.Status != WorkerStatus.Pending || S.Placements.ContainsKey(w.Index)));

    /// <summary>Of the pending indexes, the master and as many workers as the scale leaves room for (all without a scaler).</summary>
    private ImmutableArray<int> WithinScale(ImmutableArray<int> pending)
    {
        if (!Elastic || S.ScaledWorkers is not { } keep)
        {
            return pending;
        }

        var room = Math.Max(0, keep - LiveWorkers().Count());
        return [.. pending.Where(i => i == 0), .. pending.Where(i => i > 0).Take(room)];
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
