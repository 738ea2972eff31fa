using Orleans;

namespace JobHub.GrainInterfaces.Jobs;

/// <summary>Someone other than the job's owner tried to change it.</summary>
[GenerateSerializer]
[Alias("jobhub.JobAccessDeniedException")]
public sealed class JobAccessDeniedException : JobHubException
{
    /// <summary>Creates the exception.</summary>
    public JobAccessDeniedException(string jobId, string who, string action)
        : base($"{who} may not {action} job '{jobId}': only its owner may.")
    {
        JobId = jobId;
        Who = who;
        Action = action;
    }

    /// <summary>The job.</summary>
    [Id(0)]
    public string JobId { get; }

    /// <summary>Who tried.</summary>
    [Id(1)]
    public string Who { get; }

    /// <summary>What they tried to do.</summary>
    [Id(2)]
    public string Action { get; }
}
