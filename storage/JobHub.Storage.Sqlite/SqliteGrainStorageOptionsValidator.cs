using JobHub.Storage.Sqlite.Internal;
using Microsoft.Extensions.Options;

namespace JobHub.Storage.Sqlite;

/// <summary>Reports every bad <see cref="SqliteGrainStorageOptions"/> value, naming the storage and the setting.</summary>
public sealed class SqliteGrainStorageOptionsValidator : IValidateOptions<SqliteGrainStorageOptions>
{
    /// <summary>Largest accepted <see cref="SqliteGrainStorageOptions.WriteBatchSize"/>.</summary>
    public const int MaxWriteBatchSize = 10_000;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, SqliteGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prefix = $"SQLite grain storage '{name}': ";
        var failures = new List<string>();
        SqliteOptionChecks.DataSource(options.DataSource, prefix, failures);
        if (options.WriteBatchSize is < 1 or > MaxWriteBatchSize)
        {
            failures.Add($"{prefix}{nameof(options.WriteBatchSize)} must be between 1 and {MaxWriteBatchSize} (was {options.WriteBatchSize}).");
        }

        if (options.MaxPendingWrites < Math.Max(1, options.WriteBatchSize))
        {
            failures.Add($"{prefix}{nameof(options.MaxPendingWrites)} must be at least {nameof(options.WriteBatchSize)} ({options.WriteBatchSize}) (was {options.MaxPendingWrites}).");
        }

        SqliteOptionChecks.BusyTimeout(options.BusyTimeout, prefix, failures);
        if (options.GrainStorageSerializer is null)
        {
            failures.Add($"{prefix}{nameof(options.GrainStorageSerializer)} must be set (no IGrainStorageSerializer is registered with the silo).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
