using System.Collections.Immutable;
using System.Globalization;
using JobHub.Grains.Autoscaling.Events;
using JobHub.Grains.Scheduling.Placement;
using JobHub.Grains.Scheduling.Pools;

namespace JobHub.Grains.Autoscaling.Cluster;

/// <summary>Which nodes to stop, by what stopping them would cost.</summary>
public sealed partial class ClusterAutoscaler
{
    /// <summary>
    /// Stops nodes that hold no critical process and have been unneeded for the pool's delay, while the pool keeps its
    /// minimum size and headroom and the processes they hold fit elsewhere: empty nodes first, then those whose elastic
    /// workers are cheapest to move (fewest processes, least run time lost). A node still inside its paid minimum billing
    /// period is kept while a job is likely (the pool placed or freed work within that period).
    /// </summary>
    private ScaleDecision? ScaleDown(PoolSpec pool, IReadOnlyCollection<SchedulerNode> nodes, DateTimeOffset now)
    {
        var ready = nodes.Where(n => n.State == NodeState.Ready).ToArray();
        var free = ready.Aggregate(ResourceAmount.Zero, (sum, n) => sum + n.Free);
        var reserved = ready.Aggregate(ResourceAmount.Zero, (sum, n) => sum + n.Reserved);
        var headroom = pool.HeadroomFor(reserved);
        var lastPlacement = ready.Select(n => n.LastBusyAt).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        var likelyJob = now - lastPlacement < pool.MinimumBillingPeriod;
        var emptyNodes = ready.Count(n => n.Processes.Count == 0);
        var count = nodes.Count;
        var unneeded = new List<SchedulerNode>();
        foreach (var node in ready)
        {
            // Stopping it must leave room for its processes elsewhere plus the headroom.
            var after = free - node.Free - node.Reserved;
            if (node.CriticalProcesses == 0 && after.Holds(headroom) && count > pool.MinNodes)
            {
                unneeded.Add(node);
                _unneededSince.TryAdd(node.Id, now);
            }
            else
            {
                _unneededSince.Remove(node.Id);
            }
        }

        var chosen = new List<SchedulerNode>();
        var kept = 0;
        foreach (var node in unneeded
            .Where(n => now - _unneededSince[n.Id] >= pool.ScaleDownDelay)
            .OrderBy(n => n.Processes.Count)
            .ThenBy(n => n.Processes.Sum(p => (now - p.PlacedAt).Ticks))
            .ThenBy(n => n.Id, StringComparer.Ordinal))
        {
            if (count - chosen.Count <= pool.MinNodes)
            {
                break;
            }

            if (likelyJob && now - node.StartedAt < pool.MinimumBillingPeriod)
            {
                kept++;
                continue;
            }

            var after = free - node.Free - node.Reserved;
            var emptyAfter = emptyNodes - (node.Processes.Count == 0 ? 1 : 0);
            if (!after.Holds(headroom) || emptyAfter < pool.HeadroomFreeNodes)
            {
                continue;
            }

            chosen.Add(node);
            free = after;
            emptyNodes = emptyAfter;
        }

        if (chosen.Count == 0)
        {
            return null;
        }

        foreach (var node in chosen)
        {
            _unneededSince.Remove(node.Id);
        }

        var moved = chosen.Sum(n => n.Processes.Count);
        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"{chosen.Count} node(s) unneeded for {pool.ScaleDownDelay} ({chosen.Count(n => n.Processes.Count == 0)} empty; {moved} elastic worker(s) to move); {kept} kept inside their paid billing period");
        return new ScaleDecision(PoolEventKind.ScaleDown, pool.Name, chosen.Count, [.. chosen.Select(n => n.Id)], reason, -chosen.Count * pool.PricePerHour);
    }
}
