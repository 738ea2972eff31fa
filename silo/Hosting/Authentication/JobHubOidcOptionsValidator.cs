using System.Net;
using JobHub.Contracts.Validation;
using Microsoft.Extensions.Options;

namespace JobHub.Silo.Hosting.Authentication;

/// <summary>Reports every bad <see cref="JobHubOidcOptions"/> value by its setting name.</summary>
public sealed class JobHubOidcOptionsValidator : IValidateOptions<JobHubOidcOptions>
{
    private const string Prefix = "JobHub:Identity:Oidc:";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, JobHubOidcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!options.Enabled)
        {
            if (!string.IsNullOrWhiteSpace(options.Audience))
            {
                failures.Add($"{Prefix}{nameof(options.Audience)} is set but {Prefix}{nameof(options.Authority)} is not: set the issuer too, or remove the audience.");
            }

            return Result(failures);
        }

        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http") || TextRules.HasControlCharacters(options.Authority))
        {
            failures.Add($"{Prefix}{nameof(options.Authority)} must be an absolute https URL, the issuer's 'iss' value (was '{TextRules.ForTerminal(options.Authority ?? string.Empty)}').");
        }
        else if (authority.Scheme == "http" && options.RequireHttpsMetadata)
        {
            failures.Add($"{Prefix}{nameof(options.Authority)} is plain http: use https, or set {Prefix}{nameof(options.RequireHttpsMetadata)}=false (allowed for a loopback address only).");
        }
        else if (!options.RequireHttpsMetadata && !IsLoopback(authority))
        {
            failures.Add($"{Prefix}{nameof(options.RequireHttpsMetadata)}=false is allowed only for a loopback authority (localhost, 127.0.0.0/8, ::1), not '{authority.Host}'.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience) || TextRules.HasControlCharacters(options.Audience) || options.Audience.Length > 500)
        {
            failures.Add($"{Prefix}{nameof(options.Audience)} is required with an authority: the 'aud' value tokens must carry (1 to 500 characters).");
        }

        ClaimName(failures, nameof(options.GroupsClaim), options.GroupsClaim);
        ClaimName(failures, nameof(options.EmailClaim), options.EmailClaim);
        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Prefix}{nameof(options.ClockSkew)} must be between 00:00:00 and 00:05:00 (was {options.ClockSkew}).");
        }

        return Result(failures);
    }

    /// <summary>True for localhost and loopback addresses.</summary>
    public static bool IsLoopback(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    private static void ClaimName(List<string> failures, string setting, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 200 || TextRules.HasControlCharacters(value))
        {
            failures.Add($"{Prefix}{setting} must be a claim name of 1 to 200 characters.");
        }
    }

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
