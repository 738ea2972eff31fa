using System.Collections.Concurrent;
using JobHub.Runtime.Cluster;
using JobHub.Runtime.Copying;
using JobHub.Runtime.Diagnostics;
using JobHub.Runtime.Hosting;
using JobHub.Runtime.Messaging;
using JobHub.Runtime.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Core;

/// <summary>
/// The activations of this silo by grain id: creates one on the first message for a grain, delivers
/// messages to it, and removes it when it deactivates. Creation races are settled by the dictionary,
/// so a grain has exactly one activation per silo.
/// </summary>
internal sealed class Catalog : IMessageRouter
{
    public const string ObserverGrainType = "sys.observer";

    private readonly ConcurrentDictionary<GrainId, Activation> _activations = new();
    private readonly GrainTypeRegistry _registry;
    private readonly Lazy<ValueCopier> _copier;
    private volatile bool _stopping;
    private long _inboundIds;

    public Catalog(
        GrainTypeRegistry registry,
        IOptions<JobHubRuntimeOptions> options,
        TimeProvider time,
        RuntimeInstruments instruments,
        IServiceProvider services,
        ILogger<Catalog> logger)
    {
        _registry = registry;
        Options = options.Value;
        Time = time;
        Instruments = instruments;
        Services = services;
        Logger = logger;
        _copier = new Lazy<ValueCopier>(() => services.GetRequiredService<RuntimeClient>().Copier);
        Router = this;
    }

    public JobHubRuntimeOptions Options { get; }

    public TimeProvider Time { get; }

    public RuntimeInstruments Instruments { get; }

    public IServiceProvider Services { get; }

    public ILogger Logger { get; }

    public ValueCopier Copier => _copier.Value;

    public int Count => _activations.Count;

    /// <summary>Where calls go: this catalog in a single silo, the cluster router in a cluster.</summary>
    public IMessageRouter Router { get; set; }

    public IEnumerable<Activation> Activations => _activations.Values;

    /// <summary>Delivers a request to the grain's activation, creating it if needed.</summary>
    public void Deliver(Message message)
    {
        while (true)
        {
            Activation activation;
            try
            {
                activation = GetOrCreate(message.Target);
            }
            catch (JobHubException ex)
            {
                message.Response?.SetException(ex);
                return;
            }

            if (activation.TryEnqueue(message))
            {
                return;
            }
        }
    }

    /// <summary>Sends a call to its grain's owner (this silo's catalog, or another silo).</summary>
    public void Route(Message message) => Router.Route(message);

    void IMessageRouter.Route(Message message) => Deliver(message);

    /// <summary>Ids for calls that arrived from other silos; negative, so they never collide with this silo's own.</summary>
    public long NextInboundId() => Interlocked.Decrement(ref _inboundIds);

    /// <summary>A message whose activation went away before running it goes to the grain's next activation, wherever the ring now places it.</summary>
    public void Reroute(Message message)
    {
        if (++message.Reroutes > 100)
        {
            message.Response?.SetException(new SiloUnavailableException($"{message} could not be delivered: its grain kept deactivating."));
            return;
        }

        Route(message);
    }

    /// <summary>Asks every activation this silo no longer owns to go (state written); their waiting calls follow them to the owner.</summary>
    public int DeactivateWhere(Func<GrainId, bool> notOwned, DeactivationReason reason)
    {
        var asked = 0;
        foreach (var activation in _activations.Values)
        {
            if (!activation.IsObserver && notOwned(activation.GrainId))
            {
                activation.Enqueue(new ActivationCommand(ActivationCommandKind.Deactivate, reason));
                asked++;
            }
        }

        return asked;
    }

    public bool TryGet(GrainId grainId, out Activation activation) => _activations.TryGetValue(grainId, out activation!);

    public void Remove(Activation activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, Activation>(activation.GrainId, activation));

    public void AddObserver(GrainId observerId, object instance) =>
        _activations[observerId] = new Activation(this, observerId, grainClass: null, instance);

    public void RemoveObserver(GrainId observerId) => _activations.TryRemove(observerId, out _);

    /// <summary>Deactivates every activation (their state is written) and refuses new ones.</summary>
    public async Task DeactivateAllAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        _stopping = true;
        var pending = new List<Task>();
        foreach (var activation in _activations.Values)
        {
            if (activation.IsObserver)
            {
                continue;
            }

            pending.Add(activation.Deactivated);
            activation.Enqueue(new ActivationCommand(ActivationCommandKind.Deactivate, DeactivationReason.ShuttingDown));
        }

        await Task.WhenAll(pending).WaitAsync(timeout, Time, cancellationToken).ConfigureAwait(false);
    }

    private Activation GetOrCreate(GrainId grainId)
    {
        if (_activations.TryGetValue(grainId, out var existing))
        {
            return existing;
        }

        if (grainId.Type == ObserverGrainType)
        {
            throw new GrainTypeNotFoundException($"Observer {grainId} no longer exists: its reference was deleted or its owner went away.");
        }

        if (_stopping)
        {
            throw new SiloUnavailableException($"The silo is shutting down and activates no new grains ({grainId}).");
        }

        var grainClass = _registry.FindClass(grainId.Type)
            ?? throw new GrainTypeNotFoundException($"No grain class is registered for grain type '{grainId.Type}' ({grainId}).");
        var created = new Activation(this, grainId, grainClass);
        return _activations.GetOrAdd(grainId, created);
    }
}
