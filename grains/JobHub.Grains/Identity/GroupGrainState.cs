using Orleans;

namespace JobHub.Grains.Identity;

/// <summary>The persisted state of a group grain: the features granted to the group.</summary>
[GenerateSerializer]
[Alias("jobhub.GroupGrainState")]
internal sealed class GroupGrainState
{
    [Id(0)]
    public HashSet<string> Features { get; set; } = [];

    /// <summary>When a site group was first used (a member added or a feature granted).</summary>
    [Id(1)]
    public DateTimeOffset? FirstUsedAt { get; set; }

    [Id(2)]
    public bool InitialFeaturesGranted { get; set; }
}
