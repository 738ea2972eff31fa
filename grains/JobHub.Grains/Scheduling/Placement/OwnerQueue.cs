using JobHub.Grains.Scheduling.FairShare;

namespace JobHub.Grains.Scheduling.Placement;

/// <summary>One user's decayed usage and waiting jobs.</summary>
internal sealed class OwnerQueue(string id, DecayingUsage usage)
{
    public string Id { get; } = id;

    public DecayingUsage Usage { get; } = usage;

    public SortedSet<ScheduledJob> Waiting { get; } = new(ScheduledJobOrder.Instance);
}
