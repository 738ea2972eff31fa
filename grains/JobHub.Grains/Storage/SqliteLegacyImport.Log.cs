using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Storage;

internal sealed partial class SqliteLegacyImport
{
    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Imported {Count} rows of {Table} from {Legacy} (an earlier release's file) into {Target}; the old file is now {Imported}")]
    private static partial void LogImported(ILogger logger, long count, string table, string legacy, string target, string imported);
}
