using Microsoft.Extensions.Options;
using Npgsql;

namespace JobHub.Runtime.Sql.Options;

/// <summary>Reports every bad <see cref="PostgresStorageOptions"/> value, by property name.</summary>
public sealed class PostgresStorageOptionsValidator : IValidateOptions<PostgresStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{nameof(PostgresStorageOptions.ConnectionString)} is required.");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException ex)
            {
                failures.Add($"{nameof(PostgresStorageOptions.ConnectionString)} is not a valid Npgsql connection string: {ex.Message}");
            }
        }

        OptionChecks.ClusterId(options.ClusterId, nameof(PostgresStorageOptions.ClusterId), failures);
        if (options.Schema is null || !OptionChecks.SqlIdentifier().IsMatch(options.Schema))
        {
            failures.Add($"{nameof(PostgresStorageOptions.Schema)} must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63 characters) (was '{options.Schema}').");
        }

        if (options.CommandTimeout < TimeSpan.FromSeconds(1) || options.CommandTimeout > TimeSpan.FromDays(1))
        {
            failures.Add($"{nameof(PostgresStorageOptions.CommandTimeout)} must be between 1 second and 1 day (was {options.CommandTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
