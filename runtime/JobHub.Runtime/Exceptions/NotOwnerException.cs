namespace JobHub.Runtime;

/// <summary>
/// A silo refused a call for a grain it does not own in its membership view; nothing ran. The caller
/// refreshes its view and sends the call to the owner.
/// </summary>
[PortableException]
public sealed class NotOwnerException : JobHubException
{
    public NotOwnerException(string message)
        : base(message)
    {
    }
}
