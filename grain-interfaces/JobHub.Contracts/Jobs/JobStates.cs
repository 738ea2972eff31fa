namespace JobHub.Contracts.Jobs;

/// <summary>Helpers over <see cref="JobState"/>.</summary>
public static class JobStates
{
    /// <summary>True for completed, failed, stopped, timed out and cost limit reached: nothing runs any more.</summary>
    public static bool IsTerminal(this JobState state) => state >= JobState.Completed;
}
