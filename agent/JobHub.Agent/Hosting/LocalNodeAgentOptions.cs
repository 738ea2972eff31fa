namespace JobHub.Agent.Hosting;

/// <summary>Settings of the local node agent (section <c>JobHub:Agent</c>).</summary>
public sealed class LocalNodeAgentOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "JobHub:Agent";

    /// <summary>5 GiB, the default <see cref="ResultsUploadLimitBytes"/>.</summary>
    public const long DefaultResultsUploadLimitBytes = 5L * 1024 * 1024 * 1024;

    /// <summary>
    /// Folder holding one sub-folder per job (working folder, summary file, upload folder).
    /// Default <c>data/jobs</c>, relative to the current directory. Must be writable.
    /// </summary>
    public string WorkRoot { get; set; } = Path.Combine("data", "jobs");

    /// <summary>
    /// Folder of the file-system blob store that keeps uploaded results. Default <c>data/blobs</c>.
    /// </summary>
    public string BlobRoot { get; set; } = Path.Combine("data", "blobs");

    /// <summary>
    /// Folder of the process records: one small file per running process, in a sub-folder per node, from which the
    /// next silo finds and kills what a crashed one left running. Default null: a <c>processes</c> folder beside
    /// <see cref="WorkRoot"/> (the silo sets <c>{DataDirectory}/processes</c>). It must be this host's own (never a
    /// folder shared with other hosts) and survive the silo, like its data folder.
    /// </summary>
    public string? ProcessRecordRoot { get; set; }

    /// <summary>
    /// Time a process gets between SIGTERM and a kill of its process tree. Default 10 s. Longer lets
    /// programs flush results; shorter frees nodes faster. Between 0 and 10 minutes.
    /// </summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Total size of a job's upload folder that is accepted; larger uploads are refused whole.
    /// Default 5 GiB. Must be positive.
    /// </summary>
    public long ResultsUploadLimitBytes { get; set; } = DefaultResultsUploadLimitBytes;

    /// <summary>
    /// Largest unpacked size of a code bundle. Default 1 GiB. Must be positive.
    /// </summary>
    public long CodeBundleLimitBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>
    /// Longest log line in characters; longer lines are split into pieces of this length, each piece
    /// after the first flagged <see cref="Processes.LogLine.IsContinuation"/>. Default 16,384.
    /// Between 80 and 1,048,576: larger values let one line hold more memory per stream.
    /// </summary>
    public int MaxLogLineLength { get; set; } = 16 * 1024;

    /// <summary>
    /// How long output is still read after a process exited, for children that inherited its
    /// stdout/stderr. Default 2 s. Between 0 and 1 minute.
    /// </summary>
    public TimeSpan OutputDrainTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Variables copied from the agent's own environment into every job process (nothing else of the
    /// agent's environment, which may hold secrets, is passed on). Default PATH, HOME, LANG, TZ, TMPDIR.
    /// Names bound from configuration are added to these defaults; clear the list in code to replace them.
    /// </summary>
    public IList<string> PassThroughEnvironmentVariables { get; } = ["PATH", "HOME", "LANG", "TZ", "TMPDIR"];
}
