namespace JobHub.GrainInterfaces.Nodes;

/// <summary>A process a node runs.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Index">The worker index.</param>
/// <param name="Attempt">The start attempt.</param>
/// <param name="Pid">The OS process id.</param>
/// <param name="StartedAt">When it started.</param>
public sealed record NodeProcessInfo(string JobId, int Index, int Attempt, int Pid, DateTimeOffset StartedAt);
