namespace JobHub.Runtime.Networking;

/// <summary>Who is at one end of a connection: a silo incarnation, or a cluster client by its id.</summary>
public readonly record struct PeerIdentity
{
    private PeerIdentity(SiloAddress? silo, string? clientId)
    {
        Silo = silo;
        ClientId = clientId;
    }

    /// <summary>The silo, or null for a client.</summary>
    public SiloAddress? Silo { get; }

    /// <summary>The client id, or null for a silo.</summary>
    public string? ClientId { get; }

    public bool IsClient => ClientId is not null;

    public static PeerIdentity ForSilo(SiloAddress silo) => new(silo, null);

    public static PeerIdentity ForClient(string clientId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        return new(null, clientId);
    }

    public override string ToString() => Silo?.ToString() ?? $"client {ClientId}";
}
