namespace JobHub.Grains.Scheduling.Placement;

/// <summary>Least fair-share key first; ties by owner id, so a pass is deterministic.</summary>
internal sealed class ShareKeyOrder : IComparer<(double Key, string Id)>
{
    public static readonly ShareKeyOrder Instance = new();

    public int Compare((double Key, string Id) x, (double Key, string Id) y)
    {
        var c = x.Key.CompareTo(y.Key);
        return c != 0 ? c : string.CompareOrdinal(x.Id, y.Id);
    }
}
