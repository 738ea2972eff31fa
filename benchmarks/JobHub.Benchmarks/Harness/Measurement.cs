namespace JobHub.Benchmarks.Harness;

/// <summary>One figure a scenario produced, with its target when it has one.</summary>
/// <param name="Name">What was measured, e.g. "calls/s".</param>
/// <param name="Value">The figure.</param>
/// <param name="Unit">Unit printed after the figure.</param>
/// <param name="Target">The target, or null when the figure is only reported.</param>
/// <param name="HigherIsBetter">True when the figure must reach at least the target; false when it must stay at most the target.</param>
internal sealed record Measurement(string Name, double Value, string Unit, double? Target = null, bool HigherIsBetter = true)
{
    public bool? Met => Target is { } t ? (HigherIsBetter ? Value >= t : Value <= t) : null;
}
