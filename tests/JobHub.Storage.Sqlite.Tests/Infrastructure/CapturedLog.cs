using Microsoft.Extensions.Logging;

namespace JobHub.Storage.Sqlite.Tests.Infrastructure;

/// <summary>One captured log entry with its structured values.</summary>
public sealed record CapturedLog(LogLevel Level, string Category, string Message, IReadOnlyDictionary<string, object?> Values, Exception? Exception);
