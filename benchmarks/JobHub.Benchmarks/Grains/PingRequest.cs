namespace JobHub.Benchmarks.Grains;

/// <summary>The small immutable argument of a ping: passed between grains without a copy.</summary>
public sealed record PingRequest(int Sequence, string Tag);
