using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace JobHub.Storage.Sqlite;

public sealed partial class SqliteGrainStorage
{
    [LoggerMessage(1, LogLevel.Information, "SQLite grain storage {StorageName} started on {FilePath} (batches of up to {WriteBatchSize}, durable commits: {DurableCommits})")]
    private static partial void LogStarted(ILogger logger, string storageName, string filePath, int writeBatchSize, bool durableCommits);

    [LoggerMessage(2, LogLevel.Information, "SQLite grain storage {StorageName} stopped; its queued writes to {FilePath} are committed")]
    private static partial void LogStopped(ILogger logger, string storageName, string filePath);

    [LoggerMessage(3, LogLevel.Error, "SQLite grain storage {StorageName} could not read state {StateName} of grain {GrainId}")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string storageName, string stateName, GrainId grainId);
}
