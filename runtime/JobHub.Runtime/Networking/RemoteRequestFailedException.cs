namespace JobHub.Runtime.Networking;

/// <summary>
/// The receiving side answered a request with an error instead of a result: its handler threw
/// (<see cref="FrameKind.Error"/>) or it refused the request, for example an oversize frame
/// (<see cref="FrameKind.Reject"/>). The message is the peer's description.
/// </summary>
public sealed class RemoteRequestFailedException : JobHubException
{
    public RemoteRequestFailedException(FrameKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    /// <summary><see cref="FrameKind.Error"/> or <see cref="FrameKind.Reject"/>.</summary>
    public FrameKind Kind { get; }
}
