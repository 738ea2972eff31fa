namespace JobHub.Client;

/// <summary>How far a dataset upload or download has come.</summary>
/// <param name="Bytes">Bytes sent (upload) or received (download) so far.</param>
/// <param name="TotalBytes">The whole size; null when it is not known.</param>
public sealed record DatasetTransferProgress(long Bytes, long? TotalBytes);
