namespace JobHub.Agent.Bundles;

/// <summary>What <see cref="CodeBundle.UnpackAsync"/> wrote.</summary>
/// <param name="FileCount">Regular files written.</param>
/// <param name="TotalBytes">Their total size in bytes.</param>
public sealed record CodeBundleContents(int FileCount, long TotalBytes);
