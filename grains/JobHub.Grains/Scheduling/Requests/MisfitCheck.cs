using System.Collections.Immutable;
using System.Globalization;
using JobHub.Grains.Scheduling.Pools;

namespace JobHub.Grains.Scheduling.Requests;

/// <summary>The submit-time check: can any pool's node type ever hold this job? A job that cannot is refused as a resource misfit.</summary>
public static class MisfitCheck
{
    /// <summary>Null when the job can run once nodes are free; else the reason, naming what does not fit.</summary>
    public static string? Check(PlacementRequest request, IReadOnlyCollection<PoolSpec> pools)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(pools);
        if (request.Processes.IsDefaultOrEmpty)
        {
            return "resource misfit: the job has no processes";
        }

        var matching = pools.Where(request.Selector.Matches).ToImmutableArray();
        if (matching.IsEmpty)
        {
            return request.Selector.Pool is { } name
                ? $"resource misfit: there is no pool '{name}'"
                : "resource misfit: no pool meets the job's constraints (vCPU, memory, GPUs, labels)";
        }

        foreach (var process in request.Processes.DistinctBy(p => (p.Resources, p.Critical)))
        {
            var candidates = CandidatePools(matching, process.Critical);
            if (!candidates.Any(pool => pool.NodeSize.Holds(process.Resources)))
            {
                var largest = candidates.IsEmpty ? "no non-spot pool matches" : "the largest node holds " + candidates.Select(p => p.NodeSize).MaxBy(s => s.MilliVcpu);
                return string.Create(CultureInfo.InvariantCulture, $"resource misfit: a {(process.Critical ? "critical " : string.Empty)}process needs {process.Resources}; {largest}");
            }
        }

        var gang = request.Processes.Take(request.GangSize).ToArray();
        var capacity = CandidatePools(matching, critical: true)
            .Sum(pool => Math.Min(pool.NodeSize.CopiesOf(gang[0].Resources), gang.Length) * (long)pool.MaxNodes);
        if (gang.Length > 1 && capacity < gang.Length)
        {
            return string.Create(CultureInfo.InvariantCulture, $"resource misfit: {gang.Length} processes must start together but the matching pools at their maximum size hold {capacity}");
        }

        return null;
    }

    /// <summary>The pools a process may use: critical processes never go to spot pools; cheapest vCPU first, then by name.</summary>
    public static ImmutableArray<PoolSpec> CandidatePools(IEnumerable<PoolSpec> matching, bool critical) =>
        [.. matching
            .Where(pool => !critical || !pool.IsSpot)
            .OrderBy(pool => pool.PricePerHour / Math.Max(1, pool.NodeSize.Vcpu))
            .ThenBy(pool => pool.Name, StringComparer.Ordinal)];
}
