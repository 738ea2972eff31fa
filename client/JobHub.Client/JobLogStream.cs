namespace JobHub.Client;

/// <summary>Which output stream of a job's process a log line came from.</summary>
public enum JobLogStream
{
    /// <summary>Standard output.</summary>
    StandardOutput = 0,

    /// <summary>Standard error.</summary>
    StandardError = 1,
}
