namespace JobHub.Runtime;

/// <summary>A call named a grain type (or observer) that this runtime cannot activate.</summary>
[PortableException]
public sealed class GrainTypeNotFoundException : JobHubException
{
    public GrainTypeNotFoundException(string message)
        : base(message)
    {
    }
}
