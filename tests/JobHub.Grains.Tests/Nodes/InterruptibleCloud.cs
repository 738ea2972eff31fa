using System.Collections.Concurrent;
using JobHub.Grains.Autoscaling.Providers;
using JobHub.Grains.Scheduling.Pools;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Grains.Tests.Nodes;

/// <summary>
/// The <c>simulated</c> node provider (a simulation: no machine starts, the node grains run the processes on this host)
/// with quick boots, whose nodes a test takes back by id: <see cref="Interrupt"/> queues the interruption and the
/// provider delivers it on its next tick, in its pool grain's turn, where the scheduler it changes lives.
/// </summary>
internal sealed class InterruptibleCloud : INodeProviderFactory
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private readonly ConcurrentDictionary<string, Provider> _providers = new(StringComparer.Ordinal);

    public string Name => "simulated";

    /// <summary>Puts this cloud in place of the registered <c>simulated</c> provider.</summary>
    public void ReplaceIn(IServiceCollection services)
    {
        services.Remove(services.Single(d => d.ServiceType == typeof(INodeProviderFactory) && d.ImplementationType == typeof(SimulatedNodeProviderFactory)));
        services.AddSingleton<INodeProviderFactory>(this);
    }

    public INodeProvider Create(PoolSpec pool, TimeProvider time)
    {
        var provider = new Provider(new SimulatedNodeProvider(new SimulatedNodeProviderOptions { BootTime = TimeSpan.FromMilliseconds(200), BootJitter = TimeSpan.Zero }, time), time);
        _providers[pool.Name] = provider;
        return provider;
    }

    /// <summary>Takes node <paramref name="nodeId"/> of <paramref name="pool"/> back, as a spot interruption would.</summary>
    public void Interrupt(string pool, string nodeId) => _providers[pool].Interrupts.Enqueue(nodeId);

    private sealed class Provider : INodeProvider
    {
        private readonly SimulatedNodeProvider _inner;

        public Provider(SimulatedNodeProvider inner, TimeProvider time)
        {
            _inner = inner;

            // The pool grain's clock: the tick runs in the grain's turn, like the provider's own timers.
            Ticker = time.CreateTimer(_ => Deliver(), null, Tick, Tick);
        }

        public ConcurrentQueue<string> Interrupts { get; } = new();

        public string Name => _inner.Name;

        private ITimer Ticker { get; }

        public event EventHandler<NodeProviderEvent>? NodeChanged
        {
            add => _inner.NodeChanged += value;
            remove => _inner.NodeChanged -= value;
        }

        public ValueTask<NodeStart> StartNodeAsync(PoolSpec pool, CancellationToken cancellationToken) => _inner.StartNodeAsync(pool, cancellationToken);

        public ValueTask StopNodeAsync(string nodeId, CancellationToken cancellationToken) => _inner.StopNodeAsync(nodeId, cancellationToken);

        private void Deliver()
        {
            while (Interrupts.TryDequeue(out var nodeId))
            {
                _inner.Interrupt(nodeId);
            }
        }
    }
}
