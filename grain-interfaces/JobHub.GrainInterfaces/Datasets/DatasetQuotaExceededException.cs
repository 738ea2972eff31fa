using Orleans;

namespace JobHub.GrainInterfaces.Datasets;

/// <summary>An upload does not fit in the owner's quota or over the largest dataset (answered 413, the figures named); nothing was kept.</summary>
[GenerateSerializer]
[Alias("jobhub.DatasetQuotaExceededException")]
public sealed class DatasetQuotaExceededException : JobHubException
{
    /// <summary>Creates the exception with a message that names the figures.</summary>
    public DatasetQuotaExceededException(string message)
        : base(message)
    {
    }

    /// <summary>The message for an upload of <paramref name="sizeBytes"/> (null: not known yet) under <paramref name="allowance"/>.</summary>
    public static string Describe(long? sizeBytes, DatasetAllowance allowance)
    {
        ArgumentNullException.ThrowIfNull(allowance);
        var size = sizeBytes is { } s ? $"{s} bytes" : $"more than {allowance.AllowedBytes} bytes";
        if (allowance.AllowedBytes >= allowance.MaxDatasetBytes)
        {
            // The quota leaves room for the largest dataset: the size limit is what refuses it.
            return $"Dataset refused: it is {size}; one dataset may hold at most {allowance.MaxDatasetBytes} bytes (JobHub:Datasets:MaxDatasetBytes).";
        }

        var replaced = allowance.ReplacedBytes > 0 ? $", of which the {allowance.ReplacedBytes} bytes of the dataset it replaces would be freed" : string.Empty;
        return $"Dataset refused: it is {size}; your datasets hold {allowance.UsedBytes} bytes{replaced}, and your quota is {allowance.QuotaBytes} bytes " +
               $"(at most {allowance.AllowedBytes} bytes fit). Delete a dataset or ask an administrator for a larger quota.";
    }
}
