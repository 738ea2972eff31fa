namespace JobHub.Runtime.Networking;

/// <summary>
/// The listener refused the connection: another cluster, another incarnation of the target silo (the one
/// that was meant is gone), a sender known dead, or an unsupported protocol version. Nothing was sent.
/// </summary>
public sealed class HandshakeRejectedException : JobHubException
{
    public HandshakeRejectedException(string message)
        : base(message)
    {
    }
}
