namespace JobHub.Benchmarks.Harness;

/// <summary>Command-line settings shared by every scenario.</summary>
internal sealed class BenchSettings
{
    /// <summary>Runs per scenario; the table shows the median (default 3).</summary>
    public int Runs { get; set; } = 3;

    /// <summary>Multiplies every duration and count (default 1; 0.2 for a quick smoke run).</summary>
    public double Scale { get; set; } = 1.0;

    public TimeSpan Scaled(TimeSpan duration) => duration * Scale;

    public int Scaled(int count) => Math.Max(1, (int)(count * Scale));
}
