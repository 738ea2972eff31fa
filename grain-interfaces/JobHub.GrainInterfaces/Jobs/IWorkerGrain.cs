using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Nodes;
using Orleans;
using Orleans.Concurrency;

namespace JobHub.GrainInterfaces.Jobs;

/// <summary>
/// One process of a job (key: <c>{jobId}/{index}</c>, index 0 the master):
/// pending → placed → starting → running → exited | failed | lost, with restarts for elastic pools.
/// Reports every change to its job with the one-way <see cref="IJobGrain.OnWorkerChanged"/>.
/// </summary>
[Alias("jobhub.IWorkerGrain")]
public interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>Starts the process on its reserved node; returns the worker once running or failed to start.</summary>
    Task<WorkerInfo> Start(WorkerLaunch launch);

    /// <summary>Stops the process (SIGTERM, kill after the grace period) and never restarts it; returns at once.</summary>
    Task<WorkerInfo> Stop(string reason);

    /// <summary>
    /// The process autoscaler re-uses this slot: a worker whose process is over becomes pending again, as
    /// <paramref name="generation"/> of the slot (attempts and versions count on), ready for a new <see cref="Start"/>.
    /// A repeated call, or one for a worker not over yet, changes nothing; the answer says which.
    /// </summary>
    Task<WorkerInfo> Reuse(int generation);

    /// <summary>
    /// The process autoscaler's stop: <see cref="Stop"/> when the worker still runs <paramref name="generation"/> of its
    /// slot, nothing when it has moved on to a newer one (a late stop must not end the process that re-uses the slot).
    /// </summary>
    Task<WorkerInfo> ScaleDown(int generation, string reason);

    /// <summary>
    /// Its job heard from the pool that node <paramref name="nodeId"/> went away: a worker placed, starting or running
    /// there ends <see cref="WorkerStatus.Lost"/> with <paramref name="reason"/> (the node killed its process). An elastic
    /// worker its job did not ask to stop is then ready for <see cref="Relocate"/>. A worker elsewhere, already over, or
    /// already lost with that node answers as it is.
    /// </summary>
    Task<WorkerInfo> OnNodeLost(string nodeId, string reason);

    /// <summary>
    /// An elastic worker lost with its node becomes pending again as <paramref name="generation"/> of its slot, so its
    /// job places it on another node. Unlike <see cref="Reuse"/> it keeps its restart count: a node's loss is not the
    /// worker's failure and does not count against the restart cap. Any other worker answers as it is.
    /// </summary>
    Task<WorkerInfo> Relocate(int generation);

    /// <summary>The worker as it is now.</summary>
    Task<WorkerInfo> Get();

    /// <summary>
    /// The running process says it is idle (waiting for work) or busy again; for its current run only. No change when
    /// it is not running. Answers the worker as it is then.
    /// </summary>
    Task<WorkerInfo> SetIdle(bool idle);

    /// <summary>Checks with the node that a running process still exists; a missing one counts as lost.</summary>
    Task<WorkerInfo> Reconcile();

    /// <summary>The node reports that the process ended (one-way: the node never waits for the worker).</summary>
    [OneWay]
    Task OnProcessExited(ProcessExit exit);
}
