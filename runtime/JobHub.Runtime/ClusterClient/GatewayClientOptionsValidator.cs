using Microsoft.Extensions.Options;

namespace JobHub.Runtime.ClusterClient;

/// <summary>Reports every bad gateway client setting by name (an empty list, an address that is not host:port).</summary>
internal sealed class GatewayClientOptionsValidator : IValidateOptions<GatewayClientOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayClientOptions options)
    {
        var failures = new List<string>();
        if (options.Gateways is not { Count: > 0 })
        {
            failures.Add($"{nameof(options.Gateways)} must list at least one gateway address (host:port of a silo's silo port).");
        }
        else
        {
            for (var i = 0; i < options.Gateways.Count; i++)
            {
                if (!GatewayAddresses.TryParse(options.Gateways[i], out _))
                {
                    failures.Add($"{nameof(options.Gateways)}[{i}] '{options.Gateways[i]}' is not a gateway address: expected host:port with a port from 1 to 65535.");
                }
            }
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add($"{nameof(options.ClusterId)} must not be empty.");
        }

        if (options.ProbePeriod <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(options.ProbePeriod)} must be positive (was {options.ProbePeriod}).");
        }

        if (options.ProbeTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(options.ProbeTimeout)} must be positive (was {options.ProbeTimeout}).");
        }

        if (options.MissedProbesLimit < 1)
        {
            failures.Add($"{nameof(options.MissedProbesLimit)} must be at least 1 (was {options.MissedProbesLimit}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
