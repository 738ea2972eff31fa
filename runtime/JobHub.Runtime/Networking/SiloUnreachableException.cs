namespace JobHub.Runtime.Networking;

/// <summary>
/// No connection to the target could be opened (the last attempt failed and the next one waits for its
/// backoff). Nothing was sent, so the call did not run; retrying later, or elsewhere, is safe.
/// </summary>
public sealed class SiloUnreachableException : JobHubException
{
    public SiloUnreachableException(SiloAddress target, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Target = target;
    }

    public SiloAddress Target { get; }
}
