using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Cluster;

/// <summary>Reports every bad cluster setting by name.</summary>
internal sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AdvertisedHost))
        {
            failures.Add($"{nameof(options.AdvertisedHost)} must name this silo's address.");
        }

        if (options.SiloPort is < 1 or > 65535)
        {
            failures.Add($"{nameof(options.SiloPort)} must be a TCP port from 1 to 65535 (was {options.SiloPort}).");
        }

        if (options.ListenPort is < 0 or > 65535)
        {
            failures.Add($"{nameof(options.ListenPort)} must be 0 (same as {nameof(options.SiloPort)}) or a TCP port up to 65535 (was {options.ListenPort}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
