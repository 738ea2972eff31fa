using Orleans;

namespace JobHub.GrainInterfaces.Datasets;

/// <summary>
/// A dataset a job names, fixed at submit: the content with <paramref name="Sha256"/> is what the job's processes see
/// under <c>datasets/{Name}</c>, even when the dataset is replaced later (then the job fails to start rather than see
/// other content, see docs/datasets.md).
/// </summary>
/// <param name="Owner">Its owner.</param>
/// <param name="Name">Its name (the file name in the job's <c>datasets</c> folder).</param>
/// <param name="Sha256">SHA-256 of the content at submit.</param>
/// <param name="SizeBytes">Its size at submit.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.DatasetPin")]
public sealed record DatasetPin([Id(0)] string Owner, [Id(1)] string Name, [Id(2)] string Sha256, [Id(3)] long SizeBytes);
