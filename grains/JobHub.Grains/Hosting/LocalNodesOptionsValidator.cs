using JobHub.Grains.Billing;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Hosting;

/// <summary>Reports every bad <see cref="LocalNodesOptions"/> value by property name.</summary>
public sealed class LocalNodesOptionsValidator : IValidateOptions<LocalNodesOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, LocalNodesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Prefix = nameof(LocalNodesOptions) + ".";
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.PoolName) || options.PoolName.Contains('/', StringComparison.Ordinal))
        {
            failures.Add($"{Prefix}{nameof(options.PoolName)} must be a non-empty name without '/' (was '{options.PoolName}').");
        }

        if (options.NodeCount is < 1 or > 1000)
        {
            failures.Add($"{Prefix}{nameof(options.NodeCount)} must be between 1 and 1000 (was {options.NodeCount}).");
        }

        if (options.VcpuPerNode < 1)
        {
            failures.Add($"{Prefix}{nameof(options.VcpuPerNode)} must be at least 1 (was {options.VcpuPerNode}).");
        }

        if (options.MemoryMiBPerNode < 1)
        {
            failures.Add($"{Prefix}{nameof(options.MemoryMiBPerNode)} must be at least 1 (was {options.MemoryMiBPerNode}).");
        }

        if (options.GpusPerNode < 0)
        {
            failures.Add($"{Prefix}{nameof(options.GpusPerNode)} must not be negative (was {options.GpusPerNode}).");
        }

        if (options.PricePerHour < 0 || options.PricePerHour > JobPricing.MaxPricePerNodeHour)
        {
            failures.Add($"{Prefix}{nameof(options.PricePerHour)} must be between 0 and {JobPricing.MaxPricePerNodeHour} (was {options.PricePerHour}).");
        }

        if (options.StartDelay < TimeSpan.Zero || options.StartDelay > TimeSpan.FromHours(1))
        {
            failures.Add($"{Prefix}{nameof(options.StartDelay)} must be between 00:00:00 and 01:00:00 (was {options.StartDelay}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
