namespace JobHub.Runtime;

/// <summary>
/// A call to a cluster client's observer found the client connected to no gateway: it stopped, died, or
/// is between two gateways. Nothing ran on the client. Grains usually drop such an observer (see
/// <see cref="ObserverManager{TObserver}"/>); a client that reconnects subscribes again.
/// </summary>
public sealed class ClientNotConnectedException : JobHubException
{
    public ClientNotConnectedException(string message)
        : base(message)
    {
    }
}
