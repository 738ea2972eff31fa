namespace JobHub.Runtime;

/// <summary>
/// An exception thrown by a grain on another silo whose type could not be recreated here; it keeps
/// the original type name, message and stack trace.
/// </summary>
public sealed class RemoteGrainException : JobHubException
{
    public RemoteGrainException(string originalTypeName, string originalMessage, string? remoteStackTrace)
        : base($"{originalTypeName}: {originalMessage}")
    {
        OriginalTypeName = originalTypeName;
        OriginalMessage = originalMessage;
        RemoteStackTrace = remoteStackTrace;
    }

    public string OriginalTypeName { get; }

    public string OriginalMessage { get; }

    public string? RemoteStackTrace { get; }
}
