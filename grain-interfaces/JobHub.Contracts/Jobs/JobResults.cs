using System.Collections.Immutable;
using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>What was uploaded from the job's upload folder after its master exited.</summary>
/// <param name="Accepted">True when every file was stored; false when the upload was refused and nothing is kept.</param>
/// <param name="BlobPrefix">Where the files are in the blob store.</param>
/// <param name="Files">The stored files (empty when refused).</param>
/// <param name="TotalBytes">Bytes stored, or found when refused for size.</param>
/// <param name="RefusalReason">Why the upload was refused; null when accepted.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.JobResults")]
public sealed record JobResults(
    [Id(0)] bool Accepted,
    [Id(1)] string BlobPrefix,
    [Id(2)] ImmutableArray<JobResultFile> Files,
    [Id(3)] long TotalBytes,
    [Id(4)] string? RefusalReason);
