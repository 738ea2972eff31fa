namespace JobHub.Agent.Processes;

/// <summary>
/// How long a process may take to end on SIGTERM when its silo stops, so that SIGTERM, the wait, SIGKILL and the
/// reaping of every process fit in the silo's stop with room to spare: half of the time the stop may take, and at
/// least <see cref="MinimumReserve"/> is kept for the SIGKILL, the reaping and the rest of the silo's stop.
/// </summary>
public static class ShutdownGrace
{
    /// <summary>The least time kept back from a stop budget for SIGKILL, reaping and the rest of the stop: 2 s.</summary>
    public static readonly TimeSpan MinimumReserve = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The longest SIGTERM grace that fits in <paramref name="budget"/> (the host's shutdown timeout, or Orleans'
    /// deactivation timeout): <c>budget − max(2 s, budget / 2)</c>, never negative. An infinite budget
    /// (<see cref="Timeout.InfiniteTimeSpan"/>) sets no limit (<see cref="TimeSpan.MaxValue"/>). With the silo's
    /// defaults (10 s) that is 5 s; 4 s leave 2 s; 2 s or less leave none (SIGKILL at once).
    /// </summary>
    public static TimeSpan Within(TimeSpan budget)
    {
        if (budget == Timeout.InfiniteTimeSpan)
        {
            return TimeSpan.MaxValue;
        }

        if (budget <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var reserve = budget / 2 > MinimumReserve ? budget / 2 : MinimumReserve;
        return budget > reserve ? budget - reserve : TimeSpan.Zero;
    }
}
