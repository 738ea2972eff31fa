using JobHub.Grains.Autoscaling.Providers;
using JobHub.Grains.Scheduling.Pools;

namespace JobHub.Simulator.ThroughGrains;

/// <summary>
/// The <c>simulated</c> node provider factory of a grain simulation (a simulation: no machine starts): the pool grains
/// get <see cref="SimulatedNodeProvider"/>s with the simulation's seed, boot times and failure rate, on their own clock
/// (a grain clock over the <see cref="SimulationClock"/>), and this factory keeps them for the bill.
/// </summary>
internal sealed class SimulatedCloud(SimulatedNodeProviderOptions options) : INodeProviderFactory
{
    private readonly Lock _gate = new();
    private readonly List<SimulatedNodeProvider> _providers = [];

    /// <inheritdoc />
    public string Name => "simulated";

    /// <summary>Nodes started and not stopped, over every pool.</summary>
    public int RunningNodes
    {
        get
        {
            lock (_gate)
            {
                return _providers.Sum(p => p.RunningNodes);
            }
        }
    }

    /// <summary>Spot interruptions so far, over every pool.</summary>
    public int Interruptions
    {
        get
        {
            lock (_gate)
            {
                return _providers.Sum(p => p.Interruptions);
            }
        }
    }

    /// <summary>Node-hours paid so far.</summary>
    public double PaidNodeHours()
    {
        lock (_gate)
        {
            return _providers.Sum(p => p.PaidNodeHours());
        }
    }

    /// <summary>Dollars paid so far.</summary>
    public decimal Cost()
    {
        lock (_gate)
        {
            return _providers.Sum(p => p.Cost());
        }
    }

    /// <inheritdoc />
    public INodeProvider Create(PoolSpec pool, TimeProvider time)
    {
        // One seed per pool, so that pools activating in another order draw the same boots.
        var provider = new SimulatedNodeProvider(options with { Seed = options.Seed + StableHash(pool.Name) }, time);
        lock (_gate)
        {
            _providers.Add(provider);
        }

        return provider;
    }

    /// <summary>String.GetHashCode differs from process to process; this does not.</summary>
    private static int StableHash(string text) => text.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));
}
