using Microsoft.Extensions.Options;

namespace JobHub.Storage.Postgres;

/// <summary>Reports every bad <see cref="PostgresGrainStorageOptions"/> value, naming the storage and the property.</summary>
public sealed class PostgresGrainStorageOptionsValidator : IValidateOptions<PostgresGrainStorageOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PostgresGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        JobHubPostgresOptionsValidator.Collect(name, options, failures);
        var prefix = string.IsNullOrEmpty(name) ? nameof(PostgresGrainStorageOptions) : $"{nameof(PostgresGrainStorageOptions)} '{name}'";
        if (options.BatchSize is < 1 or > 10_000)
        {
            failures.Add($"{prefix}: {nameof(PostgresGrainStorageOptions.BatchSize)} must be between 1 and 10000 (was {options.BatchSize}).");
        }

        if (options.QueueCapacity < Math.Max(1, options.BatchSize) || options.QueueCapacity > 1_000_000)
        {
            failures.Add($"{prefix}: {nameof(PostgresGrainStorageOptions.QueueCapacity)} must be at least {nameof(PostgresGrainStorageOptions.BatchSize)} ({options.BatchSize}) and at most 1000000 (was {options.QueueCapacity}).");
        }

        if (options.GrainStorageSerializer is null)
        {
            failures.Add($"{prefix}: {nameof(PostgresGrainStorageOptions.GrainStorageSerializer)} is required (none was set and no IGrainStorageSerializer is registered).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
