using System.Collections.Concurrent;
using JobHub.Runtime.Membership;

namespace JobHub.Runtime.Tests.Membership;

/// <summary>
/// Stands in for the network in protocol unit tests: a probe succeeds unless the test cut the link.
/// (Real TCP probes are exercised by the multi-process cluster tests.)
/// </summary>
internal sealed class ScriptedProber : ISiloProber
{
    private readonly ConcurrentDictionary<SiloAddress, bool> _unreachable = new();

    public void Cut(SiloAddress silo) => _unreachable[silo] = true;

    public void Restore(SiloAddress silo) => _unreachable.TryRemove(silo, out _);

    public Task<bool> ProbeAsync(SiloAddress target, CancellationToken cancellationToken) => Task.FromResult(!_unreachable.ContainsKey(target));
}
