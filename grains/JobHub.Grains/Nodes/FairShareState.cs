using JobHub.GrainInterfaces.Nodes;
using Orleans;

namespace JobHub.Grains.Nodes;

/// <summary>The persisted state of the cluster's fair share: each pool's usage as it last handed it in.</summary>
[GenerateSerializer]
[Alias("jobhub.FairShareState")]
internal sealed class FairShareState
{
    /// <summary>Usage by pool name.</summary>
    [Id(0)]
    public Dictionary<string, List<ShareUsage>> Pools { get; set; } = new(StringComparer.Ordinal);
}
