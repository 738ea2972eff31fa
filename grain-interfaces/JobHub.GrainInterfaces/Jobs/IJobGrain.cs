using System.Collections.Immutable;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Nodes;
using Orleans;
using Orleans.Concurrency;

namespace JobHub.GrainInterfaces.Jobs;

/// <summary>
/// One job (key: the job id): its spec, state machine and history, its worker set, time limit and results.
/// Calls out to <see cref="Nodes.INodePoolGrain"/> and <see cref="IWorkerGrain"/>; they call back only with
/// one-way notifications, so no call cycle can form.
/// </summary>
[Alias("jobhub.IJobGrain")]
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>
    /// Accepts a job. A bad spec throws <see cref="JobSpecRejectedException"/> naming every bad field, and nothing is
    /// created. Repeating the same submission of the same owner answers the job as it is (a retry after a lost answer).
    /// </summary>
    Task<JobInfo> Submit(JobSpec spec, string owner);

    /// <summary>
    /// <see cref="Submit"/>, charged to the owner's account and to <paramref name="groupAccounts"/> (the accounts of the
    /// owner's groups, <c>group:REALM/NAME</c>): the job's estimate at its time limit is reserved at each, and a quota it
    /// would pass refuses it with <see cref="Billing.QuotaExceededException"/>, nothing created (docs/billing.md).
    /// </summary>
    Task<JobInfo> SubmitCharged(JobSpec spec, string owner, ImmutableArray<string> groupAccounts);

    /// <summary>The job as it is now; throws <see cref="JobNotFoundException"/> for a job never submitted.</summary>
    Task<JobInfo> Get();

    /// <summary>
    /// Checks now that the job's processes still exist with their nodes and takes the steps due (a lost
    /// master fails the job, lost elastic workers restart). A new activation does this by itself; this is
    /// for live activations after a silo left the cluster.
    /// </summary>
    Task<JobInfo> Reconcile();

    /// <summary>True when <paramref name="token"/> is this job's JOBHUB_JOB_TOKEN (compared in constant time).</summary>
    Task<bool> VerifyJobToken(string token);

    /// <summary>Stops the job (only its owner may): its processes get SIGTERM, then a kill after the grace period.</summary>
    Task<JobInfo> Stop(string by, string reason);

    /// <summary>Adds <paramref name="duration"/> to the time limit (only the owner may, and only before the job ended).</summary>
    Task<JobInfo> Extend(string by, TimeSpan duration);

    /// <summary>The job's processes (master at index 0) as last reported by their worker grains.</summary>
    Task<ImmutableArray<WorkerInfo>> GetWorkers();

    /// <summary>
    /// Worker <paramref name="index"/> (1..workers) says it is idle (waiting for work) or busy again, for its current
    /// run; a process autoscaler that shrinks the job stops idle workers first. Refused
    /// (<see cref="JobOperationException"/>) once the job ended or while the worker is not running; an index out of
    /// range throws <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    Task<WorkerInfo> SetWorkerIdle(int index, bool idle);

    /// <summary>Every state change with time and reason.</summary>
    Task<ImmutableArray<JobTransition>> GetHistory();

    /// <summary>A worker reports a change (one-way: the worker never waits for the job).</summary>
    [OneWay]
    Task OnWorkerChanged(WorkerInfo worker);

    /// <summary>The node pool released resources; a job waiting for room asks again (one-way).</summary>
    [OneWay]
    Task OnCapacityAvailable();

    /// <summary>
    /// The node pool removed a node that held some of the job's processes (one-way): they were killed with it. A lost
    /// elastic worker is placed again on another node (not counted as a restart); a lost master or fixed-pool worker
    /// fails the job with a reason naming the node. Repeating it is harmless.
    /// </summary>
    [OneWay]
    Task OnNodeLost(NodeLoss loss);

    /// <summary>
    /// Sets how many workers an elastic job with a scaler keeps (its scaler calls this with its decision): places more
    /// (re-using slots it emptied first), or stops the newest surplus ones, and records the decision in the job's history
    /// when it changes the count. Ignored for other jobs and once the job has ended.
    /// </summary>
    Task<JobInfo> ScaleWorkers(ScalingDecision decision);
}
