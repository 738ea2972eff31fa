using Orleans;

namespace JobHub.GrainInterfaces.Jobs;

/// <summary>A job id that was never submitted.</summary>
[GenerateSerializer]
[Alias("jobhub.JobNotFoundException")]
public sealed class JobNotFoundException : JobHubException
{
    /// <summary>Creates the exception for <paramref name="jobId"/>.</summary>
    public JobNotFoundException(string jobId)
        : base($"There is no job '{jobId}'.")
    {
        JobId = jobId;
    }

    /// <summary>The job id asked for.</summary>
    [Id(0)]
    public string JobId { get; }
}
