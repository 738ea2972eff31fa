namespace JobHub.Grains.Hosting;

/// <summary>Policies of jobs and workers (section <c>JobHub:Jobs</c>).</summary>
public sealed class JobsOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "JobHub:Jobs";

    /// <summary>
    /// How long a fixed pool's master waits, once the job is placed, for its minimum number of workers
    /// to run; then the job fails with that reason. Default 5 min. Longer tolerates slow starts;
    /// shorter frees reserved nodes sooner.
    /// </summary>
    public TimeSpan FixedPoolStartDeadline { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Restarts an elastic worker gets before it stays failed. Default 3; 0 disables restarts.</summary>
    public int MaxWorkerRestarts { get; set; } = 3;

    /// <summary>Wait before an elastic worker's first restart; doubles for each further restart. Default 1 s.</summary>
    public TimeSpan RestartBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between restarts. Default 1 min.</summary>
    public TimeSpan MaxRestartBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Time a process gets between SIGTERM and a kill (SIGKILL to its process group and tree) when it is stopped.
    /// Default 10 s; between 0 and 10 minutes. When its node deactivates, the grace is cut to what fits in Orleans'
    /// deactivation timeout, and when the silo stops, to what fits in the silo's shutdown timeout: half of it, keeping at
    /// least 2 s for the kill, the reaping and the rest of the stop (<c>ShutdownGrace.Within</c>; 5 s with the default
    /// 10 s shutdown timeout). A longer configured grace is not refused, only cut at those times.
    /// </summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Period of each job's durable reminder, which reactivates the job after a silo restart and
    /// reconciles its workers with their nodes. Default 1 min; must not be below the runtime's
    /// <c>MinimumReminderPeriod</c>.
    /// </summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after its submission a job that has not ended registers that durable reminder. Default
    /// 10 s. Jobs that end sooner never write the reminder table (saving two durable writes per job, which
    /// bound submission throughput); after a silo restart they are found again by the start-up recovery,
    /// which activates every job the job list shows as not ended. In a cluster, a job younger than this
    /// whose silo fails is picked up by its next call (a worker's report, a user's request) or the next
    /// silo start. Zero registers the reminder at submission.
    /// </summary>
    public TimeSpan ReconcileReminderDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Base URL of the JobHub API given to job processes (<c>JOBHUB_API_URL</c>). Default <c>http://localhost:5000/</c>.</summary>
    public Uri ApiUrl { get; set; } = new("http://localhost:5000/");
}
