using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>One stored result file.</summary>
/// <param name="RelativePath">Path below the upload folder, '/'-separated.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">SHA-256 of the content, lower-case hex.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.JobResultFile")]
public sealed record JobResultFile([Id(0)] string RelativePath, [Id(1)] long Size, [Id(2)] string Sha256);
