using JobHub.Runtime.Membership;
using JobHub.Runtime.Networking;

namespace JobHub.Runtime.Cluster;

/// <summary>Probes another silo with a ping frame over the silo-to-silo connection.</summary>
internal sealed class MembershipProber(Func<ConnectionManager> connections, TimeProvider time) : ISiloProber
{
    public async Task<bool> ProbeAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        await connections().PingAsync(target, time.GetUtcNow() + TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        return true;
    }
}
