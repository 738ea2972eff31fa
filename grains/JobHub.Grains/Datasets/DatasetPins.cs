using System.Collections.Immutable;
using JobHub.Contracts.Datasets;
using JobHub.GrainInterfaces.Datasets;
using Orleans;

namespace JobHub.Grains.Datasets;

/// <summary>Resolves the datasets a job spec names into pins (owner, name, SHA-256) for its submitter and project.</summary>
internal static class DatasetPins
{
    /// <summary>
    /// One pin per reference, in order, for a job of <paramref name="submitter"/> in <paramref name="project"/> (null: in
    /// none); references must already follow <see cref="DatasetNames.ReferenceProblem"/>.
    /// </summary>
    /// <exception cref="DatasetNotFoundException">One or more does not exist or <paramref name="submitter"/> may not read it (all are named, field <c>datasets</c>).</exception>
    public static async Task<ImmutableArray<DatasetPin>> ResolveAsync(IGrainFactory grains, ImmutableArray<string> references, string submitter, string? project)
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (references.IsDefaultOrEmpty)
        {
            return [];
        }

        var found = await Task.WhenAll(references.Select(async reference =>
        {
            var (owner, name) = DatasetNames.Resolve(reference, submitter);
            var info = await grains.GetGrain<IDatasetOwnerGrain>(owner).GetForJob(name, submitter, project);
            return (Reference: reference, Info: info);
        }));
        var missing = found.Where(f => f.Info is null).Select(f => f.Reference).ToList();
        if (missing.Count > 0)
        {
            throw new DatasetNotFoundException(string.Join("', '", missing), "datasets");
        }

        return [.. found.Select(f => new DatasetPin(f.Info!.Owner, f.Info.Name, f.Info.Sha256, f.Info.SizeBytes))];
    }
}
