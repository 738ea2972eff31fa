using Orleans;

namespace JobHub.Contracts.Datasets;

/// <summary>A stored dataset, as <c>GET /api/v1/datasets/{owner}/{name}</c> describes it.</summary>
/// <param name="Owner">The user it belongs to.</param>
/// <param name="Name">Its name, unique per owner (<see cref="DatasetNames"/>).</param>
/// <param name="SizeBytes">Size of its content.</param>
/// <param name="Sha256">SHA-256 of its content, lower-case hex (also the download's ETag).</param>
/// <param name="CreatedAt">When the first upload under this name completed.</param>
/// <param name="UpdatedAt">When the current content was stored (or the visibility last changed).</param>
/// <param name="Visibility">Private (default), public, or shared with <paramref name="Project"/>.</param>
/// <param name="Project">The project it is shared with when <paramref name="Visibility"/> is <see cref="DatasetVisibility.Project"/>; null otherwise.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.DatasetInfo")]
public sealed record DatasetInfo(
    [Id(0)] string Owner,
    [Id(1)] string Name,
    [Id(2)] long SizeBytes,
    [Id(3)] string Sha256,
    [Id(4)] DateTimeOffset CreatedAt,
    [Id(5)] DateTimeOffset UpdatedAt,
    [Id(6)] DatasetVisibility Visibility,
    [Id(7)] string? Project = null)
{
    /// <summary>The visibility as the CLI and the audit log write it: <c>private</c>, <c>public</c> or <c>project:{name}</c>.</summary>
    public string DescribeVisibility() => Visibility switch
    {
        DatasetVisibility.Public => "public",
        DatasetVisibility.Project => "project:" + Project,
        _ => "private",
    };
}
