using JobHub.Contracts.Identity;
using JobHub.Contracts.Validation;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Identity.Hosting;

/// <summary>Reports every bad <see cref="JobHubIdentityOptions"/> value by property name (never showing the token).</summary>
public sealed class JobHubIdentityOptionsValidator : IValidateOptions<JobHubIdentityOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, JobHubIdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Prefix = nameof(JobHubIdentityOptions) + ".";
        var failures = new List<string>();
        var hasToken = !string.IsNullOrEmpty(options.BootstrapAdminToken);
        if (hasToken && !ApiTokenFormat.IsWellFormedToken(options.BootstrapAdminToken))
        {
            failures.Add($"{Prefix}{nameof(options.BootstrapAdminToken)} must be '{ApiTokenFormat.TokenPrefix}' followed by {ApiTokenFormat.MinSecretLength} to {ApiTokenFormat.MaxSecretLength} characters of A-Z a-z 0-9 - _ (the value is not shown).");
        }

        if (string.IsNullOrEmpty(options.AdminTokenDirectory))
        {
            if (!hasToken)
            {
                failures.Add($"{Prefix}{nameof(options.AdminTokenDirectory)} is required when no {nameof(options.BootstrapAdminToken)} is set (the first start writes the admin token there).");
            }
        }
        else if (TextRules.HasControlCharacters(options.AdminTokenDirectory))
        {
            failures.Add($"{Prefix}{nameof(options.AdminTokenDirectory)} must not hold control characters (was '{TextRules.ForTerminal(options.AdminTokenDirectory)}').");
        }

        Between(failures, Prefix + nameof(options.InvitationLifetime), options.InvitationLifetime, TimeSpan.FromHours(1), TimeSpan.FromDays(90));
        Between(failures, Prefix + nameof(options.TokenIdleLifetime), options.TokenIdleLifetime, TimeSpan.FromMinutes(5), TimeSpan.FromDays(30));
        Between(failures, Prefix + nameof(options.TokenLastUsedWriteInterval), options.TokenLastUsedWriteInterval, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        if (options.TokenLastUsedWriteInterval > options.TokenIdleLifetime / 10)
        {
            failures.Add($"{Prefix}{nameof(options.TokenLastUsedWriteInterval)} must be at most a tenth of {nameof(options.TokenIdleLifetime)} (was {options.TokenLastUsedWriteInterval} for {options.TokenIdleLifetime}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Between(List<string> failures, string property, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{property} must be between {min} and {max} (was {value}).");
        }
    }
}
