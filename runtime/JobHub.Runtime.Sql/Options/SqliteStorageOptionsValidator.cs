using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Sql.Options;

/// <summary>Reports every bad <see cref="SqliteStorageOptions"/> value, by property name.</summary>
public sealed class SqliteStorageOptionsValidator : IValidateOptions<SqliteStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataSource))
        {
            failures.Add($"{nameof(SqliteStorageOptions.DataSource)} must be a file path.");
        }
        else if (options.DataSource.Trim() == ":memory:" || options.DataSource.Contains("mode=memory", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{nameof(SqliteStorageOptions.DataSource)} must be a file: an in-memory database cannot be shared by the writer and reader connections.");
        }

        OptionChecks.ClusterId(options.ClusterId, nameof(SqliteStorageOptions.ClusterId), failures);
        if (options.WriteBatchSize is < 1 or > 10_000)
        {
            failures.Add($"{nameof(SqliteStorageOptions.WriteBatchSize)} must be between 1 and 10000 (was {options.WriteBatchSize}).");
        }

        if (options.MaxPendingWrites < Math.Max(1, options.WriteBatchSize))
        {
            failures.Add($"{nameof(SqliteStorageOptions.MaxPendingWrites)} must be at least {nameof(SqliteStorageOptions.WriteBatchSize)} (was {options.MaxPendingWrites}).");
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromMilliseconds(int.MaxValue))
        {
            failures.Add($"{nameof(SqliteStorageOptions.BusyTimeout)} must be between zero and {TimeSpan.FromMilliseconds(int.MaxValue)} (was {options.BusyTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
