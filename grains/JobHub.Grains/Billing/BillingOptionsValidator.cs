using Microsoft.Extensions.Options;

namespace JobHub.Grains.Billing;

/// <summary>Reports every bad <see cref="BillingOptions"/> value by property name.</summary>
public sealed class BillingOptionsValidator : IValidateOptions<BillingOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, BillingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Prefix = nameof(BillingOptions) + ".";
        var failures = new List<string>();
        if (options.MinimumCharge < TimeSpan.Zero || options.MinimumCharge > BillingOptions.MaxMinimumCharge)
        {
            failures.Add($"{Prefix}{nameof(options.MinimumCharge)} must be between 00:00:00 and {BillingOptions.MaxMinimumCharge} (was {options.MinimumCharge}).");
        }

        if (options.MeterInterval < BillingOptions.MinMeterInterval || options.MeterInterval > BillingOptions.MaxMeterInterval)
        {
            failures.Add($"{Prefix}{nameof(options.MeterInterval)} must be between {BillingOptions.MinMeterInterval} and {BillingOptions.MaxMeterInterval} (was {options.MeterInterval}).");
        }

        if (options.QuotaDirectoryRefresh < BillingOptions.MinQuotaDirectoryRefresh || options.QuotaDirectoryRefresh > BillingOptions.MaxQuotaDirectoryRefresh)
        {
            failures.Add($"{Prefix}{nameof(options.QuotaDirectoryRefresh)} must be between {BillingOptions.MinQuotaDirectoryRefresh} and {BillingOptions.MaxQuotaDirectoryRefresh} (was {options.QuotaDirectoryRefresh}).");
        }

        if (options.Currency is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterUpper))
        {
            failures.Add($"{Prefix}{nameof(options.Currency)} must be a three-letter ISO 4217 code in capitals, such as USD (was '{options.Currency}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
