using Microsoft.Extensions.Logging;

namespace JobHub.Agent.Results;

public sealed partial class ResultsUploader
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Stored {FileCount} result files ({TotalBytes} bytes) under {BlobPrefix}")]
    private static partial void LogStored(ILogger logger, string blobPrefix, int fileCount, long totalBytes);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Results upload to {BlobPrefix} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string blobPrefix, string reason);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Skipped dangling symbolic link {RelativePath} in the upload folder")]
    private static partial void LogDanglingLinkSkipped(ILogger logger, string relativePath);
}
