using System.Runtime.CompilerServices;

namespace JobHub.Grains.Logs;

/// <summary>Follows a job's log on any store: reads what is there, then waits for the next append (or polls, for appends by other silos).</summary>
internal static class JobLogFollower
{
    private const int BatchSize = 500;

    public static async IAsyncEnumerable<JobLogEntry> FollowAsync(
        IJobLogStore store,
        LogAppendSignal signal,
        TimeProvider time,
        TimeSpan pollInterval,
        string jobId,
        long afterSequence,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = afterSequence;
        while (!cancellationToken.IsCancellationRequested)
        {
            // Take the wake-up task before reading, so an append between the read and the wait is not missed.
            var appended = signal.NextAppend(jobId);
            IReadOnlyList<JobLogEntry> batch;
            try
            {
                batch = await store.ReadAsync(jobId, last, BatchSize, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Cancelled mid-read (a database store): end quietly, as when cancelled while waiting.
                yield break;
            }

            foreach (var entry in batch)
            {
                last = entry.Sequence;
                yield return entry;
            }

            if (batch.Count < BatchSize)
            {
                try
                {
                    await appended.WaitAsync(pollInterval, time, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Poll: lines appended by another silo do not pulse this one.
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
            }
        }
    }
}
