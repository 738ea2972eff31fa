using System.Collections.Immutable;
using JobHub.Grains.Scheduling.Requests;
using JobHub.Grains.Scheduling.Status;

namespace JobHub.Grains.Scheduling.Placement;

/// <summary>A job known to the scheduler: which of its processes are placed where, and why the rest wait.</summary>
internal sealed class ScheduledJob
{
    public ScheduledJob(PlacementRequest request, long sequence, DateTimeOffset submittedAt, ImmutableArray<PoolIndex> criticalPools, ImmutableArray<PoolIndex> elasticPools)
    {
        Request = request;
        Sequence = sequence;
        SubmittedAt = submittedAt;
        CriticalPools = criticalPools;
        ElasticPools = elasticPools;
        PlacedOn = new SchedulerNode?[request.Processes.Length];
        Pending = new SortedSet<int>(Enumerable.Range(0, request.Processes.Length));
        CandidateKey = string.Join(',', criticalPools.Select(p => p.Spec.Name)) + "|" + string.Join(',', elasticPools.Select(p => p.Spec.Name));
    }

    public PlacementRequest Request { get; }

    public string JobId => Request.JobId;

    public long Sequence { get; }

    public DateTimeOffset SubmittedAt { get; }

    /// <summary>Pools critical processes may use, cheapest vCPU first (never spot pools).</summary>
    public ImmutableArray<PoolIndex> CriticalPools { get; }

    /// <summary>Pools elastic workers may use, cheapest vCPU first.</summary>
    public ImmutableArray<PoolIndex> ElasticPools { get; }

    /// <summary>Identifies the candidate pools, for the per-pass memory of shapes that did not fit.</summary>
    public string CandidateKey { get; }

    public SchedulerNode?[] PlacedOn { get; }

    /// <summary>Indexes not placed (nor dropped).</summary>
    public SortedSet<int> Pending { get; }

    /// <summary>Nodes holding at least one of its processes (co-location prefers them).</summary>
    public List<SchedulerNode> Nodes { get; } = [];

    /// <summary>Fixed-pool workers past the gang that did not fit when the gang was placed.</summary>
    public List<int> Dropped { get; } = [];

    public bool GangPlaced { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public long ReservedMilliVcpu { get; set; }

    public bool CapBlocked { get; set; }

    public bool Queued { get; set; }

    public PendingReason Reason { get; set; } = new(PendingReasonKind.WaitingForScheduler, "waiting for the scheduler: queued");

    public IEnumerable<ProcessRequest> PendingProcesses => Pending.Select(i => Request.Processes[i]);

    public ImmutableArray<PoolIndex> PoolsFor(ProcessRequest process) => process.Critical ? CriticalPools : ElasticPools;

    public void NoteNode(SchedulerNode node)
    {
        if (!Nodes.Contains(node))
        {
            Nodes.Add(node);
        }
    }

    public void ForgetNodeIfUnused(SchedulerNode node)
    {
        if (!PlacedOn.Contains(node))
        {
            Nodes.Remove(node);
        }
    }
}
