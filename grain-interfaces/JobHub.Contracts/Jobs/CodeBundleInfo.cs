using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>
/// An uploaded code bundle, as <c>POST /api/v1/bundles</c> and <c>GET /api/v1/bundles/{id}</c> describe it.
/// Give <see cref="BundleId"/> as <see cref="JobSpec.CodeBundleId"/> to run a job from it.
/// </summary>
/// <param name="BundleId">Its id, for example <c>bundle-3f9a0c1d2e4b5a69</c>.</param>
/// <param name="SizeBytes">Size of the uploaded tar.gz archive.</param>
/// <param name="Files">Regular files it holds.</param>
/// <param name="UnpackedBytes">Their total size once unpacked.</param>
/// <param name="UploadedAt">When the server stored it.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.CodeBundleInfo")]
public sealed record CodeBundleInfo(
    [Id(0)] string BundleId,
    [Id(1)] long SizeBytes,
    [Id(2)] int Files,
    [Id(3)] long UnpackedBytes,
    [Id(4)] DateTimeOffset UploadedAt);
