using System.Collections.Immutable;
using JobHub.Grains.Scheduling.Requests;

namespace JobHub.Grains.Scheduling.Placement;

/// <summary>
/// What a long-lived host (the node pool grain) needs beyond the simulator: jobs that ask for their processes a few at
/// a time (an elastic job growing with its scaler), and rebuilding the scheduler from persisted state.
/// </summary>
public sealed partial class Scheduler
{
    /// <summary>
    /// Keeps a known job's processes out of placement until <see cref="Want"/> asks for them (processes placed or
    /// dropped are not affected). A job with nothing left to place leaves the queue.
    /// </summary>
    public void Hold(string jobId, IEnumerable<int> indexes)
    {
        ArgumentNullException.ThrowIfNull(indexes);
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            return;
        }

        foreach (var index in indexes)
        {
            job.Pending.Remove(index);
        }

        if (job.Pending.Count == 0)
        {
            Dequeue(job);
        }
    }

    /// <summary>Asks for more of a known job's processes (held ones); placed, dropped and unknown indexes are ignored.</summary>
    public void Want(string jobId, IEnumerable<int> indexes)
    {
        ArgumentNullException.ThrowIfNull(indexes);
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            return;
        }

        foreach (var index in indexes)
        {
            if (index >= 0 && index < job.PlacedOn.Length && job.PlacedOn[index] is null && !job.Dropped.Contains(index) && job.Pending.Add(index))
            {
                job.Reason = new Status.PendingReason(Status.PendingReasonKind.WaitingForScheduler, "waiting for the scheduler: queued");
            }
        }

        Enqueue(job);
    }

    /// <summary>True when the scheduler knows the job (waiting or placed).</summary>
    public bool Knows(string jobId) => _jobs.ContainsKey(jobId);

    /// <summary>The job's processes still to place (held and dropped ones excluded).</summary>
    public IReadOnlyCollection<int> PendingOf(string jobId) => _jobs.TryGetValue(jobId, out var job) ? [.. job.Pending] : [];

    /// <summary>The request a job was submitted with, or null.</summary>
    public PlacementRequest? RequestOf(string jobId) => _jobs.GetValueOrDefault(jobId)?.Request;

    /// <summary>Every job known, in submit order.</summary>
    public IEnumerable<string> JobIds => _jobs.Values.OrderBy(j => j.Sequence).Select(j => j.JobId);

    /// <summary>Jobs with processes waiting, in submit order.</summary>
    public ImmutableArray<string> WaitingJobIds => [.. _owners.Values.SelectMany(o => o.Waiting).OrderBy(j => j.Sequence).Select(j => j.JobId)];

    /// <summary>
    /// Re-creates a job from persisted state (a restarted host): its processes placed where they were (on nodes
    /// restored first; a process whose node is gone waits again unless it is critical), the rest pending as given.
    /// No misfit check: the job was accepted before. Fair-share usage restarts from the placements.
    /// </summary>
    public void Restore(PlacementRequest request, IEnumerable<int> pending, IEnumerable<(int Index, string NodeId)> placed, bool gangPlaced, IEnumerable<int> dropped)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(placed);
        ArgumentNullException.ThrowIfNull(dropped);
        if (_jobs.ContainsKey(request.JobId))
        {
            return;
        }

        Validate(request);
        var job = NewJob(request);
        job.Pending.Clear();
        job.Dropped.AddRange(dropped);
        job.GangPlaced = gangPlaced;
        var now = _time.GetUtcNow();
        foreach (var (index, nodeId) in placed)
        {
            if (index < 0 || index >= request.Processes.Length)
            {
                continue;
            }

            if (_nodes.TryGetValue(nodeId, out var node) && node.State == NodeState.Ready && node.Free.Holds(request.Processes[index].Resources))
            {
                Allocate(job, request.Processes[index], node, now);
            }
            else if (!request.Processes[index].Critical)
            {
                job.Pending.Add(index);
            }
        }

        foreach (var index in pending)
        {
            if (index >= 0 && index < request.Processes.Length && job.PlacedOn[index] is null)
            {
                job.Pending.Add(index);
            }
        }

        job.StartedAt = gangPlaced ? now : null;
        _jobs.Add(job.JobId, job);
        Enqueue(job);
    }
}
