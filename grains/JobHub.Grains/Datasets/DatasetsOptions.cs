namespace JobHub.Grains.Datasets;

/// <summary>Limits of users' datasets (section <c>JobHub:Datasets</c>), validated at start.</summary>
public sealed class DatasetsOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "JobHub:Datasets";

    /// <summary>The most one dataset may hold, in bytes; also the request size limit of an upload. Default 10 GiB; between 1 byte and 1 TiB.</summary>
    public long MaxDatasetBytes { get; set; } = 10L << 30;

    /// <summary>
    /// The most one user's datasets may hold together, in bytes, unless <see cref="UserQuotaBytes"/> names the user.
    /// Default 20 GiB; between 0 (no datasets) and 1 PiB. Counted on completed uploads; an upload in progress is not.
    /// </summary>
    public long DefaultQuotaBytes { get; set; } = 20L << 30;

    /// <summary>Per-user quotas overriding <see cref="DefaultQuotaBytes"/>: user name → bytes (e.g. <c>JobHub:Datasets:UserQuotaBytes:alice=1073741824</c>).</summary>
    public Dictionary<string, long> UserQuotaBytes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The most datasets one user may have. Default 1000; between 1 and 100 000.</summary>
    public int MaxDatasetsPerUser { get; set; } = 1000;

    /// <summary>The quota of <paramref name="user"/>.</summary>
    public long QuotaFor(string user)
    {
        foreach (var (name, bytes) in UserQuotaBytes)
        {
            if (string.Equals(name, user, StringComparison.OrdinalIgnoreCase))
            {
                return bytes;
            }
        }

        return DefaultQuotaBytes;
    }
}
