using Orleans;

namespace JobHub.Contracts.Datasets;

/// <summary>How much of their dataset quota a user has used (<c>GET /api/v1/datasets/usage</c>).</summary>
/// <param name="Owner">The user.</param>
/// <param name="Datasets">How many datasets they have.</param>
/// <param name="UsedBytes">The total size of their datasets' content.</param>
/// <param name="QuotaBytes">The most their datasets may hold together.</param>
/// <param name="MaxDatasetBytes">The most one dataset may hold.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.DatasetUsage")]
public sealed record DatasetUsage([Id(0)] string Owner, [Id(1)] int Datasets, [Id(2)] long UsedBytes, [Id(3)] long QuotaBytes, [Id(4)] long MaxDatasetBytes);
