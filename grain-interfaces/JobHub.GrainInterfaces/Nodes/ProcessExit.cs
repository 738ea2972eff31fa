using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>A node reports that a process of a job ended.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Index">The worker index.</param>
/// <param name="Attempt">The attempt from the start request.</param>
/// <param name="ExitCode">The exit code (128 + signal when a signal ended it); null when the process was lost.</param>
/// <param name="Stopped">True when the node stopped it on request.</param>
/// <param name="Reason">What happened, in words.</param>
/// <param name="NodeLost">
/// True when the process was killed because its node went away (<see cref="INodeGrain.Lose"/>): the node pool decided,
/// and the process's job places an elastic worker again elsewhere; it is not a failure of the process.
/// </param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.ProcessExit")]
public sealed record ProcessExit([Id(0)] string JobId, [Id(1)] int Index, [Id(2)] int Attempt, [Id(3)] int? ExitCode, [Id(4)] bool Stopped, [Id(5)] string Reason, [Id(6)] bool NodeLost = false);
