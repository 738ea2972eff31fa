namespace JobHub.Runtime.Networking;

/// <summary>
/// The target silo incarnation was declared dead, so nothing is sent to it any more (fast failure).
/// The call did not run there; the caller should refresh its view of the cluster and retry elsewhere.
/// </summary>
public sealed class SiloDeadException : JobHubException
{
    public SiloDeadException(SiloAddress target)
        : base($"Silo {target} has been declared dead; calls to it fail without being sent. Refresh the cluster view and retry on the grain's new owner.")
    {
        Target = target;
    }

    public SiloAddress Target { get; }
}
