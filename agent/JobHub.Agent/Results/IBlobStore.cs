namespace JobHub.Agent.Results;

/// <summary>
/// Stores result files and datasets by key. Keys are <c>/</c>-separated segments, none empty,
/// <c>.</c> or <c>..</c>. A prefix matches whole segments: <c>jobs/1</c> covers <c>jobs/1/a</c>, not <c>jobs/10/a</c>.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="key"/>, replacing any blob there; readers never see a partial blob.</summary>
    Task<BlobInfo> PutAsync(string key, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Opens the blob for reading; null when there is none.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Lists the blobs under <paramref name="prefix"/>, ordered by key (ordinal).</summary>
    Task<IReadOnlyList<BlobInfo>> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes every blob under <paramref name="prefix"/>; returns how many.</summary>
    Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default);
}
