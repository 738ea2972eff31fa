namespace JobHub.Runtime.Networking;

/// <summary>
/// The fixed part of every frame. <see cref="DeadlineMilliseconds"/> is the time the request has left
/// when it is written to the socket (0: no deadline), so the peers' clocks need not agree.
/// </summary>
internal readonly record struct FrameHeader(FrameKind Kind, FrameFlags Flags, long RequestId, long DeadlineMilliseconds, int PayloadLength);
