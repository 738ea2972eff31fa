using System.Globalization;
using JobHub.Contracts.Jobs;
using JobHub.Grains.Scheduling.Requests;

namespace JobHub.Grains.Nodes;

/// <summary>
/// Chooses the pool of a job that gives constraints (<see cref="JobSpec.Constraints"/>) instead of a node type: the
/// cheapest pool (price per node-hour, then name) that meets them and can hold the job; a job that names its pool as
/// well must name one that meets them.
/// </summary>
public static class PoolChoice
{
    /// <summary>
    /// The spec with its pool filled in, or the refusal (<c>constraints</c> is the field to blame). A spec without
    /// constraints, or whose constraints are out of bounds (the validator's to report), comes back unchanged.
    /// </summary>
    public static (JobSpec Spec, string? Problem) Choose(NodeTypeCatalog catalog, JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Constraints is not { } constraints || constraints.MinVcpu < 0 || constraints.MinMemoryMiB < 0 || constraints.MinGpus < 0)
        {
            return (spec, null);
        }

        var selector = new PoolSelector
        {
            MinVcpu = constraints.MinVcpu,
            MinMemoryMiB = constraints.MinMemoryMiB,
            MinGpus = constraints.MinGpus,
            Labels = constraints.Labels.IsDefault ? [] : constraints.Labels,
        };
        if (!string.IsNullOrWhiteSpace(spec.NodeType))
        {
            return catalog.FindPool(spec.NodeType) is { } named && !selector.Matches(named)
                ? (spec, string.Create(CultureInfo.InvariantCulture, $"Pool '{spec.NodeType}' does not meet the constraints: {Describe(constraints)}."))
                : (spec, null);
        }

        var chosen = catalog.Pools
            .Where(selector.Matches)
            .Select(pool => spec with { NodeType = pool.Name })
            .Where(candidate => catalog.MisfitProblem(candidate) is null)
            .OrderBy(candidate => catalog.FindPool(candidate.NodeType)!.PricePerHour)
            .ThenBy(candidate => candidate.NodeType, StringComparer.Ordinal)
            .FirstOrDefault();
        var pools = string.Join(", ", catalog.Pools.Select(pool => pool.Name).Order(StringComparer.Ordinal));
        return chosen is not null
            ? (chosen, null)
            : (spec, string.Create(CultureInfo.InvariantCulture, $"No node pool meets the constraints ({Describe(constraints)}) and can hold the job (pools: {pools})."));
    }

    private static string Describe(PoolConstraints constraints)
    {
        var labels = constraints.Labels.IsDefault || constraints.Labels.IsEmpty ? "none" : string.Join(", ", constraints.Labels);
        return string.Create(CultureInfo.InvariantCulture, $"at least {constraints.MinVcpu} vCPU, {constraints.MinMemoryMiB} MiB, {constraints.MinGpus} GPU per node; labels {labels}");
    }
}
