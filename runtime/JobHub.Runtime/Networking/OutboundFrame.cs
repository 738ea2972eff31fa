namespace JobHub.Runtime.Networking;

/// <summary>
/// A frame waiting in a connection's send queue. <see cref="DeadlineTimestamp"/> is on the local
/// <see cref="TimeProvider"/> (0: none); the wire carries the time left when the frame is written.
/// <see cref="HoldsRoom"/> frames (requests, one-way messages) count against the bounded queue.
/// </summary>
internal readonly record struct OutboundFrame(FrameKind Kind, FrameFlags Flags, long RequestId, long DeadlineTimestamp, ReadOnlyMemory<byte> Payload, bool HoldsRoom);
