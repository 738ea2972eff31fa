using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>A node reports that a process of a job ended.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Index">The worker index.</param>
/// <param name="Attempt">The attempt from the start request.</param>
/// <param name="ExitCode">The exit code (128 + signal when a signal ended it); null when the process was lost.</param>
/// <param name="Stopped">True when the node stopped it on request.</param>
/// <param name="Reason">What happened, in words.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.ProcessExit")]
public sealed record ProcessExit([Id(0)] string JobId, [Id(1)] int Index, [Id(2)] int Attempt, [Id(3)] int? ExitCode, [Id(4)] bool Stopped, [Id(5)] string Reason);
