using System.Collections.Immutable;
using Orleans;

namespace JobHub.Contracts.Datasets;

/// <summary>One page of <c>GET /api/v1/datasets</c>, ordered by owner then name.</summary>
/// <param name="Datasets">The datasets of this page.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.DatasetPage")]
public sealed record DatasetPage([Id(0)] ImmutableArray<DatasetInfo> Datasets, [Id(1)] string? NextCursor);
