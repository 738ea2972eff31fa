namespace JobHub.Agent.Processes;

/// <summary>
/// Receives a process's log lines. Lines of one stream arrive one at a time and in order (the next
/// line is not delivered before the previous call's task completed); stdout and stderr are read
/// concurrently, so calls for the two streams may overlap.
/// </summary>
public interface ILogLineSink
{
    /// <summary>Takes one line. A slow sink slows the reader (and, through the pipe, the process).</summary>
    ValueTask WriteAsync(LogLine line, CancellationToken cancellationToken);
}
