namespace JobHub.Grains.Scheduling.Placement;

/// <summary>Orders nodes by free vCPU, then free memory, free GPUs and id: the key of a pool's free-capacity index.</summary>
internal sealed class NodeFreeComparer : IComparer<SchedulerNode>
{
    public static readonly NodeFreeComparer Instance = new();

    public int Compare(SchedulerNode? x, SchedulerNode? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var c = x.Free.MilliVcpu.CompareTo(y.Free.MilliVcpu);
        if (c == 0)
        {
            c = x.Free.MemoryMiB.CompareTo(y.Free.MemoryMiB);
        }

        if (c == 0)
        {
            c = x.Free.Gpus.CompareTo(y.Free.Gpus);
        }

        return c != 0 ? c : string.CompareOrdinal(x.Id, y.Id);
    }
}
