namespace JobHub.Client;

/// <summary>How a <see cref="JobHubClient"/> reaches the API and how patiently it waits; checked by <see cref="JobHubClientOptionsValidator"/>.</summary>
public sealed class JobHubClientOptions
{
    /// <summary>The default API address of an embedded silo: <c>http://127.0.0.1:5080</c>.</summary>
    public static readonly Uri DefaultBaseAddress = new("http://127.0.0.1:5080");

    /// <summary>
    /// Where the silo serves the API (scheme, host and port; a path prefix is kept). Default
    /// <see cref="DefaultBaseAddress"/>. Must be an absolute http or https address.
    /// </summary>
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>
    /// Bearer token sent with every request; null (default) sends none and calls as the local user.
    /// A job's own processes use their <c>JOBHUB_JOB_TOKEN</c> here, which grants access to that job only.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// Longest a single ordinary call may take before it fails with a <see cref="TimeoutException"/>. Default 100 s.
    /// Log streams and downloads are not limited (cancel them with the token); a workers wait gets its own
    /// timeout added. Shorter fails faster on a hung server; longer tolerates a busy one.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// First pause between polls in <see cref="JobHubClient.WaitForCompletionAsync"/>; it grows by half after each poll
    /// that saw no change, up to <see cref="MaxPollInterval"/>, and drops back when the state changes. Default 250 ms.
    /// Shorter notices the end sooner; longer puts less load on the silo.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest pause between polls while waiting for a job. Default 5 s; at least <see cref="PollInterval"/>.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock the client waits with. Default <see cref="TimeProvider.System"/>; tests may pass their own.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
