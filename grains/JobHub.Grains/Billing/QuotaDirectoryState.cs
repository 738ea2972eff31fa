using Orleans;

namespace JobHub.Grains.Billing;

/// <summary>The persisted state of the quota directory.</summary>
[GenerateSerializer]
[Alias("jobhub.QuotaDirectoryState")]
internal sealed class QuotaDirectoryState
{
    /// <summary>The accounts with a quota.</summary>
    [Id(0)]
    public HashSet<string> Accounts { get; set; } = new(StringComparer.Ordinal);
}
