using Orleans;

namespace JobHub.GrainInterfaces.Datasets;

/// <summary>
/// There is no such dataset, or the caller may not read it (a private dataset of another user answers exactly the same,
/// so its existence does not leak). Answered 404, the field named.
/// </summary>
[GenerateSerializer]
[Alias("jobhub.DatasetNotFoundException")]
public sealed class DatasetNotFoundException : JobHubException
{
    /// <summary>Creates the exception for <paramref name="dataset"/> (<c>owner/name</c> or as the caller wrote it), filed under <paramref name="field"/>.</summary>
    public DatasetNotFoundException(string dataset, string field)
        : base($"There is no dataset '{dataset}' you can read.")
    {
        Dataset = dataset;
        Field = field;
    }

    /// <summary>The dataset asked for.</summary>
    [Id(0)]
    public string Dataset { get; }

    /// <summary>The request field that named it (<c>name</c>, <c>datasets</c>).</summary>
    [Id(1)]
    public string Field { get; }
}
