using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Storage;

/// <summary>
/// Moves a table's rows from the separate file an earlier release kept it in (<c>jobs.db</c>, <c>billing.db</c>) into
/// the store's file, once: the rows are copied in one transaction (a row already there is kept), then the old file is
/// renamed to <c>&lt;name&gt;.imported</c> so the next start finds nothing to do. A crash between the copy and the
/// rename copies again at the next start, which changes nothing.
/// </summary>
/// <param name="legacyPath">The earlier release's file; nothing happens when it does not exist.</param>
/// <param name="table">The table, of the same name and columns in both files.</param>
/// <param name="columns">The columns copied.</param>
/// <param name="logger">Where the import is logged.</param>
internal sealed partial class SqliteLegacyImport(string legacyPath, string table, string columns, ILogger logger)
{
    /// <summary>The suffix the imported file is renamed with.</summary>
    public const string ImportedSuffix = ".imported";

    public async Task RunAsync(string targetPath)
    {
        var legacy = Path.GetFullPath(legacyPath);
        if (!File.Exists(legacy) || string.Equals(legacy, Path.GetFullPath(targetPath), StringComparison.Ordinal))
        {
            return;
        }

        long copied;
        var connectionString = new SqliteConnectionStringBuilder { DataSource = targetPath, Pooling = false, DefaultTimeout = 30 }.ToString();
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 30000; ATTACH DATABASE $legacy AS legacy;";
            command.Parameters.AddWithValue("$legacy", legacy);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            command.Parameters.Clear();
            command.CommandText = "SELECT count(*) FROM legacy.sqlite_master WHERE type = 'table' AND name = $table";
            command.Parameters.AddWithValue("$table", table);
            var hasTable = Convert.ToInt64(await command.ExecuteScalarAsync().ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0;
            command.Parameters.Clear();
            copied = 0;
            if (hasTable)
            {
                await using var transaction = connection.BeginTransaction(deferred: false);
                command.Transaction = transaction;
                command.CommandText = $"INSERT OR IGNORE INTO main.{table} ({columns}) SELECT {columns} FROM legacy.{table}";
                copied = await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                await transaction.CommitAsync().ConfigureAwait(false);
                command.Transaction = null;
            }

            command.CommandText = "DETACH DATABASE legacy;";
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        var imported = legacy + ImportedSuffix;
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            if (File.Exists(legacy + suffix))
            {
                File.Move(legacy + suffix, imported + suffix, overwrite: true);
            }
        }

        LogImported(logger, copied, table, legacy, targetPath, imported);
    }
}
