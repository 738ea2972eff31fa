using JobHub.Contracts.Identity;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Datasets;

/// <summary>Reports every bad <see cref="DatasetsOptions"/> value by property name.</summary>
public sealed class DatasetsOptionsValidator : IValidateOptions<DatasetsOptions>
{
    /// <summary>The largest <see cref="DatasetsOptions.MaxDatasetBytes"/>: 1 TiB.</summary>
    public const long MaxDatasetBytesLimit = 1L << 40;

    /// <summary>The largest quota: 1 PiB.</summary>
    public const long MaxQuotaBytes = 1L << 50;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DatasetsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Prefix = nameof(DatasetsOptions) + ".";
        var failures = new List<string>();
        if (options.MaxDatasetBytes is < 1 or > MaxDatasetBytesLimit)
        {
            failures.Add($"{Prefix}{nameof(options.MaxDatasetBytes)} must be between 1 and {MaxDatasetBytesLimit} bytes (was {options.MaxDatasetBytes}).");
        }

        if (options.DefaultQuotaBytes is < 0 or > MaxQuotaBytes)
        {
            failures.Add($"{Prefix}{nameof(options.DefaultQuotaBytes)} must be between 0 and {MaxQuotaBytes} bytes (was {options.DefaultQuotaBytes}).");
        }

        if (options.MaxDatasetsPerUser is < 1 or > 100_000)
        {
            failures.Add($"{Prefix}{nameof(options.MaxDatasetsPerUser)} must be between 1 and 100000 (was {options.MaxDatasetsPerUser}).");
        }

        foreach (var (user, bytes) in options.UserQuotaBytes ?? [])
        {
            if (IdentityNames.UserNameProblem(user) is { } problem)
            {
                failures.Add($"{Prefix}{nameof(options.UserQuotaBytes)} names '{user}', which is not a user name: {problem}.");
            }

            if (bytes is < 0 or > MaxQuotaBytes)
            {
                failures.Add($"{Prefix}{nameof(options.UserQuotaBytes)}:{user} must be between 0 and {MaxQuotaBytes} bytes (was {bytes}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
