using System.Collections.Immutable;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Datasets;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using Orleans;

namespace JobHub.Grains.Jobs;

/// <summary>The persisted state of a job grain.</summary>
[GenerateSerializer]
[Alias("jobhub.JobGrainState")]
internal sealed class JobGrainState
{
    [Id(0)]
    public string? Owner { get; set; }

    [Id(1)]
    public JobSpec? Spec { get; set; }

    [Id(2)]
    public JobState State { get; set; }

    [Id(3)]
    public string Reason { get; set; } = string.Empty;

    [Id(4)]
    public DateTimeOffset SubmittedAt { get; set; }

    [Id(5)]
    public DateTimeOffset? PlacedAt { get; set; }

    [Id(6)]
    public DateTimeOffset? StartedAt { get; set; }

    [Id(7)]
    public DateTimeOffset? EndedAt { get; set; }

    [Id(8)]
    public TimeSpan TimeLimit { get; set; }

    [Id(9)]
    public int? ExitCode { get; set; }

    [Id(10)]
    public JobResultsSummary? Summary { get; set; }

    [Id(11)]
    public JobResults? Results { get; set; }

    [Id(12)]
    public bool ResultsCollected { get; set; }

    [Id(13)]
    public List<JobTransition> History { get; set; } = [];

    /// <summary>The last snapshot each worker reported (index → info).</summary>
    [Id(14)]
    public Dictionary<int, WorkerInfo> Workers { get; set; } = [];

    /// <summary>Index → node of every process the pool placed.</summary>
    [Id(15)]
    public Dictionary<int, string> Placements { get; set; } = [];

    /// <summary>Indexes whose reservation was given back.</summary>
    [Id(16)]
    public HashSet<int> ReleasedIndexes { get; set; } = [];

    [Id(17)]
    public bool MasterStarted { get; set; }

    [Id(18)]
    public bool Released { get; set; }

    /// <summary>True once the durable reconcile reminder was registered (only jobs outliving <c>ReconcileReminderDelay</c> get one).</summary>
    [Id(19)]
    public bool ReminderRegistered { get; set; }

    [Id(20)]
    public string ClusterCookie { get; set; } = string.Empty;

    [Id(21)]
    public string JobToken { get; set; } = string.Empty;

    /// <summary>The datasets the spec names, pinned at submit (owner, name, SHA-256).</summary>
    [Id(22)]
    public ImmutableArray<DatasetPin> Datasets { get; set; } = [];

    /// <summary>The job meter (billing): what was charged to the ledger so far.</summary>
    [Id(23)]
    public JobMeterState Meter { get; set; } = new();

    /// <summary>The billing accounts the job reserved its estimate at and settles its charge with (owner's first).</summary>
    [Id(24)]
    public List<string> Accounts { get; set; } = [];

    /// <summary>An elastic job with a scaler: how many workers it keeps now (its scaler sets it); null otherwise.</summary>
    [Id(25)]
    public int? ScaledWorkers { get; set; }

    /// <summary>Workers the scaler stopped whose slot has not been re-used yet (leaving, or over and free to re-use).</summary>
    [Id(26)]
    public HashSet<int> ScaledDown { get; set; } = [];

    /// <summary>Index → how many times the scaler re-used the slot (see <c>IWorkerGrain.Reuse</c>); absent for 0.</summary>
    [Id(27)]
    public Dictionary<int, int> Generations { get; set; } = [];

    /// <summary>Node losses the pool reported that the job has not finished handling (see <c>JobGrain.NodeLoss.cs</c>).</summary>
    [Id(28)]
    public List<NodeLoss> NodeLosses { get; set; } = [];

    /// <summary>When each process in <see cref="Placements"/> was placed (placements saved before this was kept have none).</summary>
    [Id(29)]
    public Dictionary<int, DateTimeOffset> ProcessPlacedAt { get; set; } = [];

    /// <summary>The node and processes the history's latest node-loss step names (see <see cref="NodeLossSteps"/>).</summary>
    [Id(30)]
    public NodeLoss? LastNodeLossStep { get; set; }
}
