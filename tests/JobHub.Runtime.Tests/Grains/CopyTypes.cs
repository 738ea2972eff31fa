namespace JobHub.Runtime.Tests.Grains;

/// <summary>A small immutable record: passes between grains without a copy.</summary>
public sealed record PingRecord(int Sequence, string Text);

/// <summary>Mutable: copied on every call.</summary>
public sealed class MutableBag
{
    public List<int> Items { get; set; } = [];
}

/// <summary>Marked immutable by hand even though the runtime could not prove it.</summary>
[Immutable]
public sealed class TrustedPayload
{
    public int[] Values { get; init; } = [];
}

/// <summary>Cannot be serialized, so it cannot cross between grains.</summary>
public sealed class Uncopyable
{
    public Func<int> Producer { get; set; } = () => 1;

    public Uncopyable Self => this;
}
