using JobHub.Contracts.Datasets;
using Orleans;

namespace JobHub.GrainInterfaces.Datasets;

/// <summary>A stored upload.</summary>
/// <param name="Dataset">The dataset as it is now.</param>
/// <param name="Created">True for a new name, false when it replaced a dataset.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.DatasetCommitResult")]
public sealed record DatasetCommitResult([Id(0)] DatasetInfo Dataset, [Id(1)] bool Created);
