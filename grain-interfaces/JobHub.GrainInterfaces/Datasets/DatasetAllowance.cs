using Orleans;

namespace JobHub.GrainInterfaces.Datasets;

/// <summary>What one upload may send, and the figures behind it.</summary>
/// <param name="AllowedBytes">The most the upload may hold: the smaller of <paramref name="MaxDatasetBytes"/> and what the quota leaves.</param>
/// <param name="UsedBytes">What the owner's datasets hold now.</param>
/// <param name="QuotaBytes">The owner's quota.</param>
/// <param name="MaxDatasetBytes">The most one dataset may hold.</param>
/// <param name="ReplacedBytes">The size of the dataset the upload would replace (0 for a new name); it is freed when the upload completes.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.DatasetAllowance")]
public sealed record DatasetAllowance([Id(0)] long AllowedBytes, [Id(1)] long UsedBytes, [Id(2)] long QuotaBytes, [Id(3)] long MaxDatasetBytes, [Id(4)] long ReplacedBytes);
