namespace JobHub.Runtime.Tests.Grains;

public sealed class CounterState
{
    public int Value { get; set; }

    public List<string> History { get; set; } = [];
}
