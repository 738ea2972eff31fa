using JobHub.Runtime.Hosting;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Core;

/// <summary>
/// Every collection quantum, asks activations idle for longer than their collection age to
/// deactivate. The activation re-checks in its own loop, so a call that arrived meanwhile wins.
/// </summary>
internal sealed class IdleCollector : IDisposable
{
    private readonly Catalog _catalog;
    private readonly JobHubRuntimeOptions _options;
    private readonly TimeProvider _time;
    private ITimer? _timer;

    public IdleCollector(Catalog catalog, IOptions<JobHubRuntimeOptions> options, TimeProvider time)
    {
        _catalog = catalog;
        _options = options.Value;
        _time = time;
    }

    public void Start() =>
        _timer = _time.CreateTimer(static s => ((IdleCollector)s!).CollectOnce(), this, _options.CollectionQuantum, _options.CollectionQuantum);

    public void Dispose() => _timer?.Dispose();

    /// <summary>One pass; returns how many activations were asked to go.</summary>
    public int CollectOnce()
    {
        var asked = 0;
        foreach (var activation in _catalog.Activations)
        {
            if (activation.IsObserver || activation.State != ActivationState.Valid)
            {
                continue;
            }

            var age = activation.Class!.CollectionAge ?? _options.CollectionAge;
            if (_time.GetElapsedTime(activation.LastActiveTimestamp) >= age)
            {
                activation.Enqueue(new ActivationCommand(ActivationCommandKind.DeactivateIfIdle, DeactivationReason.Idle, age));
                asked++;
            }
        }

        return asked;
    }
}
