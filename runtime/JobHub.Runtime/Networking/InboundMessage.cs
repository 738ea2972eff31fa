namespace JobHub.Runtime.Networking;

/// <summary>
/// A request or one-way message as the receiving handler sees it. The payload is a private copy the
/// handler may keep. <see cref="Deadline"/> is on the receiver's clock (null: the sender set none).
/// </summary>
public sealed record InboundMessage(FrameKind Kind, long RequestId, FrameFlags Flags, ReadOnlyMemory<byte> Payload, DateTimeOffset? Deadline, PeerIdentity Sender)
{
    public bool IsOneWay => Kind == FrameKind.OneWay;
}
