using System.Collections.Immutable;
using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>A job as its owner sees it.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.JobInfo")]
public sealed record JobInfo
{
    /// <summary>The job id (the grain key).</summary>
    [Id(0)]
    public required string JobId { get; init; }

    /// <summary>Who submitted it; only they may stop or extend it.</summary>
    [Id(1)]
    public required string Owner { get; init; }

    /// <summary>What was submitted.</summary>
    [Id(2)]
    public required JobSpec Spec { get; init; }

    /// <summary>The current state.</summary>
    [Id(3)]
    public required JobState State { get; init; }

    /// <summary>Why the job is in its state (for a queued job: what it waits for).</summary>
    [Id(4)]
    public required string Reason { get; init; }

    /// <summary>When it was submitted.</summary>
    [Id(5)]
    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>When the master started; null before.</summary>
    [Id(6)]
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it reached an end state; null before.</summary>
    [Id(7)]
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The time limit in force (the spec's, plus extensions).</summary>
    [Id(8)]
    public required TimeSpan TimeLimit { get; init; }

    /// <summary>When the time limit runs out: start time plus <see cref="TimeLimit"/>; null before the start.</summary>
    [Id(9)]
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>The master's exit code once it exited.</summary>
    [Id(10)]
    public int? ExitCode { get; init; }

    /// <summary>The results summary the master wrote, if any.</summary>
    [Id(11)]
    public JobResultsSummary? Summary { get; init; }

    /// <summary>The uploaded result files, once the master exited.</summary>
    [Id(12)]
    public JobResults? Results { get; init; }

    /// <summary>Every state change with its time and reason, oldest first.</summary>
    [Id(13)]
    public ImmutableArray<JobTransition> History { get; init; } = [];

    /// <summary>
    /// What the job costs: while it runs, the seconds so far at its price; once <see cref="CostFinal"/>, its final charge
    /// (the sum of its ledger entries, the top-up to the minimum included). 0 for a job that never ran.
    /// </summary>
    [Id(14)]
    public decimal Cost { get; init; }

    /// <summary>True once <see cref="Cost"/> is the final charge (the job's last process ended and the charge is in the ledger).</summary>
    [Id(15)]
    public bool CostFinal { get; init; }

    /// <summary>The seconds <see cref="Cost"/> charges for (the top-up to the minimum included once final).</summary>
    [Id(16)]
    public long BilledSeconds { get; init; }

    /// <summary>The job's price for one hour (its node-equivalents × the node type's price), fixed once it runs.</summary>
    [Id(17)]
    public decimal PricePerHour { get; init; }

    /// <summary>The currency of <see cref="Cost"/> and <see cref="PricePerHour"/> (ISO 4217).</summary>
    [Id(18)]
    public string Currency { get; init; } = string.Empty;
}
