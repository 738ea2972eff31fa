namespace JobHub.Grains.Scheduling.Placement;

/// <summary>One owner's jobs: higher priority first, then first submitted.</summary>
internal sealed class ScheduledJobOrder : IComparer<ScheduledJob>
{
    public static readonly ScheduledJobOrder Instance = new();

    public int Compare(ScheduledJob? x, ScheduledJob? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var c = y.Request.Priority.CompareTo(x.Request.Priority);
        return c != 0 ? c : x.Sequence.CompareTo(y.Sequence);
    }
}
