using Orleans;

namespace JobHub.GrainInterfaces.Datasets;

/// <summary>Someone other than its owner tried to change or delete a public dataset (answered 403; a private one answers 404).</summary>
[GenerateSerializer]
[Alias("jobhub.DatasetAccessDeniedException")]
public sealed class DatasetAccessDeniedException : JobHubException
{
    /// <summary>Creates the exception: <paramref name="actor"/> may not <paramref name="action"/> <paramref name="dataset"/>.</summary>
    public DatasetAccessDeniedException(string dataset, string actor, string action)
        : base($"Only its owner may {action} dataset '{dataset}' ('{actor}' is not its owner).")
    {
        Dataset = dataset;
    }

    /// <summary>The dataset (<c>owner/name</c>).</summary>
    [Id(0)]
    public string Dataset { get; }
}
