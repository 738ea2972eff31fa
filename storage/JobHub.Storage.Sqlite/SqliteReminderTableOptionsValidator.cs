using JobHub.Storage.Sqlite.Internal;
using Microsoft.Extensions.Options;

namespace JobHub.Storage.Sqlite;

/// <summary>Reports every bad <see cref="SqliteReminderTableOptions"/> value, naming the setting.</summary>
public sealed class SqliteReminderTableOptionsValidator : IValidateOptions<SqliteReminderTableOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, SqliteReminderTableOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Prefix = "SQLite reminder table: ";
        var failures = new List<string>();
        SqliteOptionChecks.DataSource(options.DataSource, Prefix, failures);
        SqliteOptionChecks.BusyTimeout(options.BusyTimeout, Prefix, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
