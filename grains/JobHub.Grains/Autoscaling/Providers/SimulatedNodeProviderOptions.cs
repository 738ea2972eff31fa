namespace JobHub.Grains.Autoscaling.Providers;

/// <summary>The behaviour of the simulated cloud (a simulation for the simulator and tests: no machine is started).</summary>
public sealed record SimulatedNodeProviderOptions
{
    /// <summary>Time from a start request until the node is up. Default 90 seconds.</summary>
    public TimeSpan BootTime { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Each boot takes up to this much longer, drawn uniformly. Default 30 seconds.</summary>
    public TimeSpan BootJitter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Share of starts (0..1) whose node never comes up (the autoscaler's provisioning timeout must replace it). Default 0.</summary>
    public double FailureRate { get; init; }

    /// <summary>Mean spot interruptions per node-hour on pools labelled <c>spot</c> (exponential). Default 0.</summary>
    public double SpotInterruptionsPerNodeHour { get; init; }

    /// <summary>Seed of the simulation's randomness: same seed, same boots, failures and interruptions.</summary>
    public int Seed { get; init; } = 1;
}
