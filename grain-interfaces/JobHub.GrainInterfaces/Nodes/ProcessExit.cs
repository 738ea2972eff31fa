namespace JobHub.GrainInterfaces.Nodes;

/// <summary>A node reports that a process of a job ended.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Index">The worker index.</param>
/// <param name="Attempt">The attempt from the start request.</param>
/// <param name="ExitCode">The exit code (128 + signal when a signal ended it); null when the process was lost.</param>
/// <param name="Stopped">True when the node stopped it on request.</param>
/// <param name="Reason">What happened, in words.</param>
public sealed record ProcessExit(string JobId, int Index, int Attempt, int? ExitCode, bool Stopped, string Reason);
