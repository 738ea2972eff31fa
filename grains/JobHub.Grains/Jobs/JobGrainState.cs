using JobHub.GrainInterfaces.Jobs;

namespace JobHub.Grains.Jobs;

/// <summary>The persisted state of a job grain.</summary>
internal sealed class JobGrainState
{
    public string? Owner { get; set; }

    public JobSpec? Spec { get; set; }

    public JobState State { get; set; }

    public string Reason { get; set; } = string.Empty;

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset? PlacedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public TimeSpan TimeLimit { get; set; }

    public int? ExitCode { get; set; }

    public JobResultsSummary? Summary { get; set; }

    public JobResults? Results { get; set; }

    public bool ResultsCollected { get; set; }

    public List<JobTransition> History { get; set; } = [];

    /// <summary>The last snapshot each worker reported (index → info).</summary>
    public Dictionary<int, WorkerInfo> Workers { get; set; } = [];

    /// <summary>Index → node of every process the pool placed.</summary>
    public Dictionary<int, string> Placements { get; set; } = [];

    /// <summary>Indexes whose reservation was given back.</summary>
    public HashSet<int> ReleasedIndexes { get; set; } = [];

    public bool MasterStarted { get; set; }

    public bool Released { get; set; }

    /// <summary>True once the durable reconcile reminder was registered (only jobs outliving <c>ReconcileReminderDelay</c> get one).</summary>
    public bool ReminderRegistered { get; set; }

    public string ClusterCookie { get; set; } = string.Empty;

    public string JobToken { get; set; } = string.Empty;
}
