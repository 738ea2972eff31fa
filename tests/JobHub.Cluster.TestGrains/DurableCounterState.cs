namespace JobHub.Cluster.TestGrains;

public sealed class DurableCounterState
{
    public long Value { get; set; }
}
