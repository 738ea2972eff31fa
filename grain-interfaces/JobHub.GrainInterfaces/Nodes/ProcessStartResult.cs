using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>Whether the node started the process.</summary>
/// <param name="Pid">The OS process id when started.</param>
/// <param name="Error">Why it did not start (names the command); null when started.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.ProcessStartResult")]
public sealed record ProcessStartResult([Id(0)] int? Pid, [Id(1)] string? Error)
{
    /// <summary>True when the process runs.</summary>
    public bool Started => Pid is not null;
}
