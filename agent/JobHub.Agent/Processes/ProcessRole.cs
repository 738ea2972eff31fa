namespace JobHub.Agent.Processes;

/// <summary>The part a process plays in its job.</summary>
public enum ProcessRole
{
    /// <summary>The master: the job ends when it exits. Its worker index is 0.</summary>
    Master = 0,

    /// <summary>A worker: worker indexes run from 1 to the number of workers.</summary>
    Worker = 1,
}
