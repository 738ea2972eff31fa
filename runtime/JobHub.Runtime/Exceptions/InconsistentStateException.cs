namespace JobHub.Runtime.Storage;

/// <summary>
/// A state write or clear carried an ETag that no longer matches the stored one: another activation
/// (or an earlier incarnation) wrote in between. The activation that sees this deactivates itself.
/// </summary>
[PortableException]
public sealed class InconsistentStateException : JobHubException
{
    public InconsistentStateException(string stateName, GrainId grainId, string? expectedEtag, string? storedEtag)
        : base($"State '{stateName}' of grain {grainId} was changed by someone else: expected ETag '{expectedEtag ?? "<none>"}', stored ETag '{storedEtag ?? "<none>"}'.")
    {
        StateName = stateName;
        GrainId = grainId;
        ExpectedEtag = expectedEtag;
        StoredEtag = storedEtag;
    }

    public string StateName { get; }

    public GrainId GrainId { get; }

    public string? ExpectedEtag { get; }

    public string? StoredEtag { get; }
}
