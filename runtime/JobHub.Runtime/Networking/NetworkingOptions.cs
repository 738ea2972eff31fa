namespace JobHub.Runtime.Networking;

/// <summary>
/// Settings of the silo-to-silo and client-to-gateway transport. Bound from the "JobHub:Networking"
/// configuration section and checked by <see cref="NetworkingOptionsValidator"/>.
/// </summary>
public sealed class NetworkingOptions
{
    public const string SectionName = "JobHub:Networking";

    /// <summary>
    /// The cluster this silo or client belongs to (default "jobhub"). A listener refuses handshakes that
    /// name another cluster, so two clusters on one host never exchange traffic by mistake.
    /// </summary>
    public string ClusterId { get; set; } = "jobhub";

    /// <summary>
    /// Largest payload of one frame (default 8 MiB). Larger frames are refused on both sides with a clear
    /// error; the receiver skips the bytes and keeps the connection. Higher allows bigger messages but
    /// raises the worst-case memory of a send queue (<see cref="SendQueueCapacity"/> frames of this size).
    /// </summary>
    public int MaxFramePayloadBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Requests and one-way messages that may wait in one connection's send queue (default 4096). When it
    /// is full, senders wait for room (back-pressure). Responses and pongs are never held back, so two
    /// silos calling each other cannot deadlock on full queues.
    /// </summary>
    public int SendQueueCapacity { get; set; } = 4096;

    /// <summary>
    /// Bytes gathered before a flush even if more frames wait (default 64 KiB). Small frames are batched
    /// into one socket write up to this size; higher means fewer writes, lower means earlier delivery.
    /// </summary>
    public int MaxBatchBytes { get; set; } = 64 * 1024;

    /// <summary>Limit for opening a connection and completing the handshake (default 5 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Wait after the first failed connection attempt before the next one (default 100 ms); it doubles
    /// after each further failure up to <see cref="ReconnectMaxBackoff"/>. Calls in between fail at once.
    /// </summary>
    public TimeSpan ReconnectInitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between connection attempts (default 5 s).</summary>
    public TimeSpan ReconnectMaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often pending requests are checked against their deadlines (default 50 ms): one timer serves
    /// every call, so a timeout is reported up to this much late.
    /// </summary>
    public TimeSpan DeadlineCheckPeriod { get; set; } = TimeSpan.FromMilliseconds(50);
}
