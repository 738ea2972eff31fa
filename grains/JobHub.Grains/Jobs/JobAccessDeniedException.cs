using JobHub.Runtime;

namespace JobHub.Grains.Jobs;

/// <summary>Someone other than the job's owner tried to change it.</summary>
[PortableException]
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
    public string JobId { get; }

    /// <summary>Who tried.</summary>
    public string Who { get; }

    /// <summary>What they tried to do.</summary>
    public string Action { get; }
}
