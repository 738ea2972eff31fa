using JobHub.Runtime;

namespace JobHub.Grains.Jobs;

/// <summary>Someone other than the job's owner tried to change it.</summary>
public sealed class JobAccessDeniedException : JobHubException
{
    /// <summary>Creates the exception.</summary>
    public JobAccessDeniedException(string jobId, string who, string action)
        : base($"{who} may not {action} job '{jobId}': only its owner may.")
    {
        JobId = jobId;
    }

    /// <summary>The job.</summary>
    public string JobId { get; }
}
