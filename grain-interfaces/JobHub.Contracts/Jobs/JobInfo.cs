using System.Collections.Immutable;

namespace JobHub.GrainInterfaces.Jobs;

/// <summary>A job as its owner sees it.</summary>
public sealed record JobInfo
{
    /// <summary>The job id (the grain key).</summary>
    public required string JobId { get; init; }

    /// <summary>Who submitted it; only they may stop or extend it.</summary>
    public required string Owner { get; init; }

    /// <summary>What was submitted.</summary>
    public required JobSpec Spec { get; init; }

    /// <summary>The current state.</summary>
    public required JobState State { get; init; }

    /// <summary>Why the job is in its state (for a queued job: what it waits for).</summary>
    public required string Reason { get; init; }

    /// <summary>When it was submitted.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>When the master started; null before.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it reached an end state; null before.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The time limit in force (the spec's, plus extensions).</summary>
    public required TimeSpan TimeLimit { get; init; }

    /// <summary>When the time limit runs out: start time plus <see cref="TimeLimit"/>; null before the start.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>The master's exit code once it exited.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The results summary the master wrote, if any.</summary>
    public JobResultsSummary? Summary { get; init; }

    /// <summary>The uploaded result files, once the master exited.</summary>
    public JobResults? Results { get; init; }

    /// <summary>Every state change with its time and reason, oldest first.</summary>
    public ImmutableArray<JobTransition> History { get; init; } = [];
}
