using Orleans;

namespace JobHub.GrainInterfaces;

/// <summary>The root of JobHub's domain errors. Each one reaches a caller on another silo with its type and data.</summary>
[GenerateSerializer]
[Alias("jobhub.JobHubException")]
public abstract class JobHubException : Exception
{
    /// <summary>Creates the exception with a message for the caller.</summary>
    protected JobHubException(string message)
        : base(message)
    {
    }
}
