using JobHub.Agent.Processes;

namespace JobHub.Grains.Logs;

/// <summary>One stored log line of a job.</summary>
/// <param name="Sequence">Position in the job's log, from 1, without gaps.</param>
/// <param name="Time">When the agent read the line.</param>
/// <param name="Process">The process label (<c>job-1/master</c>, <c>job-1/worker-2</c>).</param>
/// <param name="WorkerIndex">0 for the master, 1..N for workers.</param>
/// <param name="Stream">stdout or stderr.</param>
/// <param name="Text">The line without its terminator.</param>
/// <param name="IsContinuation">The line continues the previous one of that stream (it was split for length).</param>
public sealed record JobLogEntry(long Sequence, DateTimeOffset Time, string Process, int WorkerIndex, LogStreamKind Stream, string Text, bool IsContinuation);
