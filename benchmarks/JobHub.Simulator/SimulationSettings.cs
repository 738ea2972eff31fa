namespace JobHub.Simulator;

/// <summary>What one simulation run varies: cluster size, headroom and scale-down policy, the simulated cloud.</summary>
public sealed record SimulationSettings
{
    /// <summary>Seed of the provider's randomness (the trace has its own).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Most nodes of the on-demand pool <c>cpu</c> (32 vCPU, 128 GiB each).</summary>
    public int MaxNodes { get; init; } = 1000;

    /// <summary>Most nodes of the <c>spot</c> pool (elastic workers only).</summary>
    public int MaxSpotNodes { get; init; } = 200;

    /// <summary>Headroom of the cpu pool, as a percentage of reserved.</summary>
    public int HeadroomPercent { get; init; }

    /// <summary>Headroom of the cpu pool, as empty nodes.</summary>
    public int HeadroomFreeNodes { get; init; }

    /// <summary>How long a node must be unneeded before it stops.</summary>
    public TimeSpan ScaleDownDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The provider's minimum billing period.</summary>
    public TimeSpan MinimumBillingPeriod { get; init; }

    /// <summary>Share of starts that never come up.</summary>
    public double FailureRate { get; init; } = 0.01;

    /// <summary>Spot interruptions per node-hour.</summary>
    public double SpotInterruptionsPerNodeHour { get; init; } = 0.05;

    /// <summary>Per-user vCPU cap (0: none).</summary>
    public int UserVcpuCap { get; init; } = 4000;

    /// <summary>Label of the policy in the compare table.</summary>
    public string Label { get; init; } = "default";
}
