namespace JobHub.Agent.Results;

/// <summary>One stored blob.</summary>
/// <param name="Key">Its key: <c>/</c>-separated segments, for example <c>jobs/j-1/results/out/a.csv</c>.</param>
/// <param name="Size">Its size in bytes.</param>
public sealed record BlobInfo(string Key, long Size);
