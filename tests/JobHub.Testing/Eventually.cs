using System.Diagnostics;

namespace JobHub.Testing;

/// <summary>Waits on a condition with a deadline; the failure says what did not happen. Tests never sleep to synchronise.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task WaitUntilAsync(Func<bool> condition, string whatShouldHappen, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        await WaitUntilAsync(() => Task.FromResult(condition()), whatShouldHappen, timeout);
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string whatShouldHappen, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Within {limit.TotalSeconds:0.#} s this did not happen: {whatShouldHappen}");
            }

            // Polling interval, not synchronisation: the condition is re-checked until the deadline.
            await Task.Delay(pause);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 100));
        }
    }
}
