using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>
/// A user's or a group's fair-share usage in one or more pools at <paramref name="At"/>: decayed reserved
/// vCPU-seconds and the vCPUs reserved then (milli-vCPU).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.ShareUsage")]
public sealed record ShareUsage(
    [property: Id(0)] string Name,
    [property: Id(1)] bool IsGroup,
    [property: Id(2)] double VcpuSeconds,
    [property: Id(3)] long ReservedMilliVcpu,
    [property: Id(4)] DateTimeOffset At);
