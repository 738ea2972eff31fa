namespace JobHub.Agent.Processes;

/// <summary>Which output stream a log line came from.</summary>
public enum LogStreamKind
{
    /// <summary>Standard output.</summary>
    StandardOutput = 0,

    /// <summary>Standard error.</summary>
    StandardError = 1,
}
