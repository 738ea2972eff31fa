using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>A process a node runs, or ran recently.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Index">The worker index.</param>
/// <param name="Attempt">The start attempt.</param>
/// <param name="Pid">The OS process id.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="Exit">
/// How it ended, once it has; null while it runs. The node also sends this to the worker (one-way), but that report is
/// lost if the worker's silo dies on the way, so a worker that reconciles applies it from here.
/// </param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.NodeProcessInfo")]
public sealed record NodeProcessInfo(
    [Id(0)] string JobId,
    [Id(1)] int Index,
    [Id(2)] int Attempt,
    [Id(3)] int Pid,
    [Id(4)] DateTimeOffset StartedAt,
    [Id(5)] ProcessExit? Exit = null);
