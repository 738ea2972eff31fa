using JobHub.Runtime.Core;

namespace JobHub.Runtime.Observers;

/// <summary>
/// Observer ids say who holds the object: <c>sys.observer/{guid}</c> lives in the process that made it
/// (a silo), <c>sys.observer/{clientId}/{guid}</c> on a cluster client, reached through whichever gateway
/// the client is connected to at the time of the call.
/// </summary>
internal static class ObserverIds
{
    public static GrainId NewLocal() => new(Catalog.ObserverGrainType, Guid.NewGuid().ToString("N"));

    public static GrainId NewForClient(string clientId) => new(Catalog.ObserverGrainType, $"{clientId}/{Guid.NewGuid():N}");

    /// <summary>The client holding this observer, or null for a grain or a silo's own observer.</summary>
    public static string? ClientOf(GrainId id)
    {
        if (id.Type != Catalog.ObserverGrainType)
        {
            return null;
        }

        var slash = id.Key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? id.Key[..slash] : null;
    }
}
