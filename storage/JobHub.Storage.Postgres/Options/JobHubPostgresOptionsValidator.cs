using JobHub.Storage.Postgres.Internal;
using Microsoft.Extensions.Options;
using Npgsql;

namespace JobHub.Storage.Postgres;

/// <summary>Reports every bad <see cref="JobHubPostgresOptions"/> value, naming the options instance and the property.</summary>
public sealed class JobHubPostgresOptionsValidator : IValidateOptions<JobHubPostgresOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, JobHubPostgresOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Collect(name, options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Adds one message per bad value of the shared settings.</summary>
    internal static void Collect(string? name, JobHubPostgresOptions options, List<string> failures)
    {
        var prefix = string.IsNullOrEmpty(name) ? options.GetType().Name : $"{options.GetType().Name} '{name}'";
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{prefix}: {nameof(JobHubPostgresOptions.ConnectionString)} is required.");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
            {
                failures.Add($"{prefix}: {nameof(JobHubPostgresOptions.ConnectionString)} is not a valid Npgsql connection string: {ex.Message}");
            }
        }

        if (!SqlIdentifier.IsValid(options.Schema))
        {
            failures.Add($"{prefix}: {nameof(JobHubPostgresOptions.Schema)} must be {SqlIdentifier.Rule} (was '{options.Schema}').");
        }

        if (options.CommandTimeout < TimeSpan.FromSeconds(1) || options.CommandTimeout > TimeSpan.FromDays(1))
        {
            failures.Add($"{prefix}: {nameof(JobHubPostgresOptions.CommandTimeout)} must be between 1 second and 1 day (was {options.CommandTimeout}).");
        }
    }
}
