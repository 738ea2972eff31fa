using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace JobHub.Silo.Hosting;

/// <summary>Reports every bad <see cref="JobHubClusterOptions"/> value by its setting name.</summary>
internal sealed partial class JobHubClusterOptionsValidator : IValidateOptions<JobHubClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, JobHubClusterOptions options)
    {
        const string Prefix = JobHubClusterOptions.SectionName + ":";
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId) || !IdPattern().IsMatch(options.ClusterId))
        {
            failures.Add($"{Prefix}{nameof(options.ClusterId)} must be 1 to 64 letters, digits, '-', '_' or '.' (was '{options.ClusterId}').");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId) || !IdPattern().IsMatch(options.ServiceId))
        {
            failures.Add($"{Prefix}{nameof(options.ServiceId)} must be 1 to 64 letters, digits, '-', '_' or '.' (was '{options.ServiceId}').");
        }

        if (options.SiloPort is < 1 or > 65535)
        {
            failures.Add($"{Prefix}{nameof(options.SiloPort)} must be a TCP port between 1 and 65535 (was {options.SiloPort}).");
        }

        if (options.GatewayPort is < 1 or > 65535)
        {
            failures.Add($"{Prefix}{nameof(options.GatewayPort)} must be a TCP port between 1 and 65535 (was {options.GatewayPort}).");
        }

        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add($"{Prefix}{nameof(options.SiloPort)} and {nameof(options.GatewayPort)} must differ (both were {options.SiloPort}).");
        }

        if (options.AdvertisedHost is { } host && (string.IsNullOrWhiteSpace(host) || Uri.CheckHostName(host) == UriHostNameType.Unknown))
        {
            failures.Add($"{Prefix}{nameof(options.AdvertisedHost)} must be a host name or IP address (was '{host}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex IdPattern();
}
