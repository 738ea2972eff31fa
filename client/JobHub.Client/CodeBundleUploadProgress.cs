namespace JobHub.Client;

/// <summary>How far a code bundle upload has come.</summary>
/// <param name="BytesSent">Bytes of the archive sent so far.</param>
/// <param name="TotalBytes">Size of the whole archive; null when the stream's length is not known.</param>
public sealed record CodeBundleUploadProgress(long BytesSent, long? TotalBytes);
