namespace JobHub.Agent.Bundles;

/// <summary>A code bundle kept in the blob store, as <see cref="CodeBundleStore"/> describes it.</summary>
/// <param name="BundleId">Its id, for example <c>bundle-3f9a0c1d2e4b5a69</c>.</param>
/// <param name="SizeBytes">Size of the tar.gz archive.</param>
/// <param name="Files">Regular files it holds.</param>
/// <param name="UnpackedBytes">Their total size once unpacked.</param>
/// <param name="UploadedAt">When it was stored.</param>
public sealed record StoredCodeBundle(string BundleId, long SizeBytes, int Files, long UnpackedBytes, DateTimeOffset UploadedAt);
