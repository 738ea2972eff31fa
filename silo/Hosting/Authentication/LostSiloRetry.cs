namespace JobHub.Silo.Hosting.Authentication;

/// <summary>
/// Repeats a read-only grain call that failed because the silo holding the grain was lost (<see cref="SiloUnavailableException"/>):
/// a token or user grain on a killed silo is activated elsewhere as soon as the cluster has taken the silo out, so
/// authentication waits that moment out (a few seconds at most) instead of answering 503 to every caller of that user.
/// </summary>
internal static class LostSiloRetry
{
    /// <summary>The longest time spent repeating; then the last failure is thrown (503).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(1);

    public static async Task<T> RunAsync<T>(Func<Task<T>> call, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (SiloUnavailableException) when (time.GetElapsedTime(started) < Patience)
            {
                await Task.Delay(pause, time, cancellationToken);
                pause = pause * 2 < MaxPause ? pause * 2 : MaxPause;
            }
        }
    }
}
