using JobHub.Storage.Sqlite.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobHub.Storage.Sqlite.Tests.Infrastructure;

/// <summary>Providers built without a silo, for tests where a silo's own use of the table would interfere.</summary>
public static class DirectTables
{
    internal static SqliteDatabase Database(string dataSource) =>
        new SqliteDatabaseRegistry(TimeProvider.System, NullLoggerFactory.Instance).Get(dataSource);

    public static SqliteReminderTable Reminders(string dataSource, string serviceId = "test-service") => new(
        new SqliteReminderTableOptions { DataSource = dataSource },
        serviceId,
        Database(dataSource),
        NullLogger<SqliteReminderTable>.Instance);
}
