namespace JobHub.Grains.Scheduling.Placement;

/// <summary>Where a node is in its life, as the scheduler sees it.</summary>
public enum NodeState
{
    /// <summary>Started by its provider, not up yet: counts toward the pool's size, holds nothing.</summary>
    Booting = 0,

    /// <summary>Up: processes are placed on it.</summary>
    Ready = 1,
}
