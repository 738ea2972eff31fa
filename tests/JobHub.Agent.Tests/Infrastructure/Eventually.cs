namespace JobHub.Agent.Tests.Infrastructure;

/// <summary>Waits on conditions with a deadline, woken by a change signal instead of sleeping.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Re-checks <paramref name="check"/> each time the task it returns completes; fails with
    /// <paramref name="what"/> when the deadline passes first.
    /// </summary>
    public static async Task WaitUntilAsync(Func<(bool Done, Task Changed)> check, string what, TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? DefaultDeadline);
        while (true)
        {
            var (done, changed) = check();
            if (done)
            {
                return;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out after {deadline ?? DefaultDeadline} waiting for {what}.");
            }
        }
    }

    /// <summary>Awaits <paramref name="task"/>, failing with <paramref name="what"/> when the deadline passes first.</summary>
    public static async Task<T> WithDeadlineAsync<T>(Task<T> task, string what, TimeSpan? deadline = null)
    {
        try
        {
            return await task.WaitAsync(deadline ?? DefaultDeadline);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Timed out after {deadline ?? DefaultDeadline} waiting for {what}.");
            throw;
        }
    }
}
