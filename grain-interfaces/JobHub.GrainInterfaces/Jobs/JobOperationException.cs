using Orleans;

namespace JobHub.GrainInterfaces.Jobs;

/// <summary>An operation that the job's current state does not allow (submit twice, extend an ended job).</summary>
[GenerateSerializer]
[Alias("jobhub.JobOperationException")]
public sealed class JobOperationException : JobHubException
{
    /// <summary>Creates the exception with a message for the caller.</summary>
    public JobOperationException(string message)
        : base(message)
    {
    }
}
