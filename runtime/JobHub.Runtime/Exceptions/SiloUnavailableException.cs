namespace JobHub.Runtime;

/// <summary>The silo is stopping (or stopped) and takes no new work.</summary>
[PortableException]
public sealed class SiloUnavailableException : JobHubException
{
    public SiloUnavailableException(string message)
        : base(message)
    {
    }
}
