using System.Globalization;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Scheduling.Pools;

/// <summary>Reports every bad <see cref="NodePoolsOptions"/> value by its path (<c>NodePoolsOptions.Pools[gpu].MaxNodes</c>).</summary>
public sealed class NodePoolsOptionsValidator : IValidateOptions<NodePoolsOptions>
{
    private static readonly string[] Providers = ["simulated", "local"];

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, NodePoolsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Prefix = nameof(NodePoolsOptions) + ".";
        var failures = new List<string>();
        void Check(bool ok, string path, FormattableString rule)
        {
            if (!ok)
            {
                failures.Add(Prefix + path + " " + rule.ToString(CultureInfo.InvariantCulture));
            }
        }

        Check(options.Pools.Count <= 100, nameof(options.Pools), $"must hold at most 100 pools (was {options.Pools.Count}).");
        Check(options.MaxClusterNodes is >= 1 and <= 100_000, nameof(options.MaxClusterNodes), $"must be between 1 and 100000 (was {options.MaxClusterNodes}).");
        Check(options.FairShareHalfLife >= TimeSpan.FromMinutes(1) && options.FairShareHalfLife <= TimeSpan.FromDays(30), nameof(options.FairShareHalfLife), $"must be between 00:01:00 and 30.00:00:00 (was {options.FairShareHalfLife}).");
        Check(options.GroupShareWeight is >= 0 and <= 10, nameof(options.GroupShareWeight), $"must be between 0 and 10 (was {options.GroupShareWeight}).");
        Check(options.DefaultUserVcpuCap is >= 0 and <= 1_000_000, nameof(options.DefaultUserVcpuCap), $"must be between 0 and 1000000 (was {options.DefaultUserVcpuCap}).");
        Check(options.DefaultGroupVcpuCap is >= 0 and <= 1_000_000, nameof(options.DefaultGroupVcpuCap), $"must be between 0 and 1000000 (was {options.DefaultGroupVcpuCap}).");
        foreach (var (user, cap) in options.UserVcpuCaps)
        {
            Check(cap is >= 0 and <= 1_000_000, $"{nameof(options.UserVcpuCaps)}[{user}]", $"must be between 0 and 1000000 (was {cap}).");
        }

        foreach (var (group, cap) in options.GroupVcpuCaps)
        {
            Check(cap is >= 0 and <= 1_000_000, $"{nameof(options.GroupVcpuCaps)}[{group}]", $"must be between 0 and 1000000 (was {cap}).");
        }

        Check(options.EventsPerPool is >= 10 and <= 10_000, nameof(options.EventsPerPool), $"must be between 10 and 10000 (was {options.EventsPerPool}).");
        Check(options.AutoscalerInterval >= TimeSpan.FromSeconds(1) && options.AutoscalerInterval <= TimeSpan.FromMinutes(10), nameof(options.AutoscalerInterval), $"must be between 00:00:01 and 00:10:00 (was {options.AutoscalerInterval}).");
        foreach (var (poolName, pool) in options.Pools)
        {
            ValidatePool(poolName, pool, (ok, property, rule) => Check(ok, $"{nameof(options.Pools)}[{poolName}]{property}", rule));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>True for 1–64 characters of lower-case letters, digits and '-' (pool names and labels).</summary>
    public static bool IsName(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 64 && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    private static void ValidatePool(string poolName, NodePoolOptions? pool, Action<bool, string, FormattableString> check)
    {
        check(IsName(poolName), string.Empty, $"must be named by 1-64 characters of a-z, 0-9 and '-'.");
        if (pool is null)
        {
            check(false, string.Empty, $"must not be empty.");
            return;
        }

        check(pool.Vcpu is >= 1 and <= 1024, "." + nameof(pool.Vcpu), $"must be between 1 and 1024 (was {pool.Vcpu}).");
        check(pool.MemoryMiB is >= 1 and <= 16_777_216, "." + nameof(pool.MemoryMiB), $"must be between 1 and 16777216 (was {pool.MemoryMiB}).");
        check(pool.Gpus is >= 0 and <= 64, "." + nameof(pool.Gpus), $"must be between 0 and 64 (was {pool.Gpus}).");
        check(pool.PricePerHour is >= 0 and <= 10_000, "." + nameof(pool.PricePerHour), $"must be between 0 and 10000 (was {pool.PricePerHour}).");
        check(pool.MaxNodes is >= 1 and <= 10_000, "." + nameof(pool.MaxNodes), $"must be between 1 and 10000 (was {pool.MaxNodes}).");
        check(pool.MinNodes >= 0 && pool.MinNodes <= pool.MaxNodes, "." + nameof(pool.MinNodes), $"must be between 0 and MaxNodes ({pool.MaxNodes}) (was {pool.MinNodes}).");
        check(pool.ScaleDownDelay >= TimeSpan.Zero && pool.ScaleDownDelay <= TimeSpan.FromHours(24), "." + nameof(pool.ScaleDownDelay), $"must be between 00:00:00 and 1.00:00:00 (was {pool.ScaleDownDelay}).");
        check(pool.ProvisioningTimeout >= TimeSpan.FromSeconds(10) && pool.ProvisioningTimeout <= TimeSpan.FromHours(2), "." + nameof(pool.ProvisioningTimeout), $"must be between 00:00:10 and 02:00:00 (was {pool.ProvisioningTimeout}).");
        check(pool.MinimumBillingPeriod >= TimeSpan.Zero && pool.MinimumBillingPeriod <= TimeSpan.FromHours(24), "." + nameof(pool.MinimumBillingPeriod), $"must be between 00:00:00 and 1.00:00:00 (was {pool.MinimumBillingPeriod}).");
        check(pool.MaxParallelStarts is >= 1 and <= 1000, "." + nameof(pool.MaxParallelStarts), $"must be between 1 and 1000 (was {pool.MaxParallelStarts}).");
        check(pool.Labels.Count <= 16, "." + nameof(pool.Labels), $"must hold at most 16 labels (was {pool.Labels.Count}).");
        foreach (var label in pool.Labels)
        {
            check(IsName(label), "." + nameof(pool.Labels), $"'{label}' must be 1-64 characters of a-z, 0-9 and '-'.");
        }

        check(Providers.Contains(pool.Provider, StringComparer.Ordinal), "." + nameof(pool.Provider), $"must be 'simulated' or 'local' (was '{pool.Provider}').");
        var headroom = pool.Headroom ?? new NodePoolHeadroomOptions();
        check(headroom.Vcpu is >= 0 and <= 100_000, ".Headroom.Vcpu", $"must be between 0 and 100000 (was {headroom.Vcpu}).");
        check(headroom.MemoryMiB is >= 0 and <= 104_857_600, ".Headroom.MemoryMiB", $"must be between 0 and 104857600 (was {headroom.MemoryMiB}).");
        check(headroom.Gpus is >= 0 and <= 10_000, ".Headroom.Gpus", $"must be between 0 and 10000 (was {headroom.Gpus}).");
        check(headroom.PercentOfReserved is >= 0 and <= 1000, ".Headroom.PercentOfReserved", $"must be between 0 and 1000 (was {headroom.PercentOfReserved}).");
        check(headroom.FreeNodes >= 0 && headroom.FreeNodes <= pool.MaxNodes, ".Headroom.FreeNodes", $"must be between 0 and MaxNodes ({pool.MaxNodes}) (was {headroom.FreeNodes}).");
    }
}
