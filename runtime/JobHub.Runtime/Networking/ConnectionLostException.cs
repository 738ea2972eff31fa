namespace JobHub.Runtime.Networking;

/// <summary>
/// The connection carrying a call closed or broke before the answer came. The outcome is unknown: the
/// request may or may not have run on the target.
/// </summary>
public sealed class ConnectionLostException : JobHubException
{
    public ConnectionLostException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
