using Orleans.Storage;

namespace JobHub.Storage.Postgres;

/// <summary>
/// Settings of <see cref="PostgresGrainStorage"/>, the batched (group-commit) grain storage: where its table lives
/// (inherited) and how writes are grouped. Validated at start by <see cref="PostgresGrainStorageOptionsValidator"/>.
/// </summary>
public sealed class PostgresGrainStorageOptions : JobHubPostgresOptions, IStorageProviderSerializerOptions
{
    /// <summary>Default of <see cref="BatchSize"/>.</summary>
    public const int DefaultBatchSize = 256;

    /// <summary>Default of <see cref="QueueCapacity"/>.</summary>
    public const int DefaultQueueCapacity = 4096;

    /// <summary>
    /// At most this many queued writes are committed by one statement. Default 256; from 1 to 10,000. Larger batches
    /// commit more writes per round trip under load; a batch is only as large as the queue when it is taken, so a
    /// lone write never waits for others.
    /// </summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>
    /// How many writes may wait for the writer before callers wait for room (back-pressure). Default 4,096; at least
    /// <see cref="BatchSize"/>, at most 1,000,000. Larger absorbs longer bursts at the cost of memory and latency.
    /// </summary>
    public int QueueCapacity { get; set; } = DefaultQueueCapacity;

    /// <summary>
    /// Turns grain state into bytes and back. Default: the <see cref="IGrainStorageSerializer"/> registered in the
    /// silo (Orleans' JSON serializer unless replaced), as for Orleans' own providers. Changing it makes rows written
    /// before unreadable.
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
