namespace JobHub.Client;

/// <summary>One stored log line of a job, as the API returns it.</summary>
/// <param name="Sequence">Position in the job's log, from 1, without gaps; pass it as <c>after</c> to read what follows.</param>
/// <param name="Time">When the node read the line.</param>
/// <param name="Process">The process label (<c>job-1/master</c>, <c>job-1/worker-2</c>).</param>
/// <param name="WorkerIndex">0 for the master, 1..N for workers.</param>
/// <param name="Stream">Standard output or standard error.</param>
/// <param name="Text">The line without its terminator.</param>
/// <param name="IsContinuation">The line continues the previous one of that stream (it was split for length).</param>
public sealed record JobLogEntry(long Sequence, DateTimeOffset Time, string Process, int WorkerIndex, JobLogStream Stream, string Text, bool IsContinuation);
