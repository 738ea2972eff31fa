using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>Whether the node started the process.</summary>
/// <param name="Pid">The OS process id when started.</param>
/// <param name="Error">Why it did not start (names the command); null when started.</param>
/// <param name="NodeLost">
/// True when it did not start because its node went away meanwhile (<see cref="INodeGrain.Lose"/>): not a failure of the
/// process, so an elastic worker does not count it as a restart.
/// </param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.ProcessStartResult")]
public sealed record ProcessStartResult([Id(0)] int? Pid, [Id(1)] string? Error, [Id(2)] bool NodeLost = false)
{
    /// <summary>True when the process runs.</summary>
    public bool Started => Pid is not null;
}
