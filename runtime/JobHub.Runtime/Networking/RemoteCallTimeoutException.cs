namespace JobHub.Runtime.Networking;

/// <summary>
/// A request got no answer before its deadline. The outcome is unknown: the request may or may not have
/// run on the target. An answer arriving later is dropped.
/// </summary>
public sealed class RemoteCallTimeoutException : JobHubException
{
    public RemoteCallTimeoutException(string message)
        : base(message)
    {
    }
}
