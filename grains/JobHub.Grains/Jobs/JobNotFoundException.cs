using JobHub.Runtime;

namespace JobHub.Grains.Jobs;

/// <summary>A job id that was never submitted.</summary>
[PortableException]
public sealed class JobNotFoundException : JobHubException
{
    /// <summary>Creates the exception for <paramref name="jobId"/>.</summary>
    public JobNotFoundException(string jobId)
        : base($"There is no job '{jobId}'.")
    {
        JobId = jobId;
    }

    /// <summary>The job id asked for.</summary>
    public string JobId { get; }
}
