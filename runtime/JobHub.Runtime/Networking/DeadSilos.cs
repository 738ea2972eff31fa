using System.Collections.Concurrent;

namespace JobHub.Runtime.Networking;

/// <summary>
/// Silo incarnations known to be dead, shared by the outbound <see cref="ConnectionManager"/> and the
/// <see cref="ConnectionListener"/>: calls to them fail at once, handshakes from them are refused, and
/// their connections are closed when they are declared. Dead is terminal for an incarnation; a
/// restarted silo is a new <see cref="SiloAddress"/> (new generation).
/// </summary>
internal sealed class DeadSilos
{
    private readonly ConcurrentDictionary<SiloAddress, byte> _dead = new();
    private readonly Lock _lock = new();
    private Action<SiloAddress>[] _observers = [];

    public bool Contains(SiloAddress silo) => _dead.ContainsKey(silo);

    /// <summary>Records the silo as dead and tells every observer; false if it was already known dead.</summary>
    public bool MarkDead(SiloAddress silo)
    {
        if (!_dead.TryAdd(silo, 0))
        {
            return false;
        }

        foreach (var observer in Volatile.Read(ref _observers))
        {
            observer(silo);
        }

        return true;
    }

    public void Observe(Action<SiloAddress> observer)
    {
        lock (_lock)
        {
            _observers = [.. _observers, observer];
        }
    }
}
