using System.Threading.Channels;

namespace JobHub.Storage.Sqlite.Internal;

/// <summary>
/// A dedicated writer thread's wait for its queue.
/// </summary>
internal static class ChannelBlockingWait
{
    /// <summary>
    /// Blocks until <paramref name="reader"/> has an item (true) or is completed (false). Not
    /// <c>GetAwaiter().GetResult()</c>: a task's blocking wait spins (<c>sched_yield</c>) before it sleeps, and a writer
    /// thread waits between most commits: on a busy two-core host that spinning took CPU from the grains and the job
    /// processes (benchmarks/README.md, "Silo CPU per job").
    /// </summary>
    public static bool WaitToRead<T>(ChannelReader<T> reader)
    {
        var wait = reader.WaitToReadAsync();
        if (wait.IsCompleted)
        {
            return wait.GetAwaiter().GetResult();
        }

        var task = wait.AsTask();
        ((IAsyncResult)task).AsyncWaitHandle.WaitOne();
        return task.GetAwaiter().GetResult();
    }
}
