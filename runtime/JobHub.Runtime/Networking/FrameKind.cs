namespace JobHub.Runtime.Networking;

/// <summary>What a frame carries. The value is one byte on the wire; new kinds get new values, never reused ones.</summary>
public enum FrameKind : byte
{
    /// <summary>First frame of a connection, from the side that connected: cluster id, sender, expected target.</summary>
    Handshake = 1,

    /// <summary>The listener's answer to an acceptable handshake; the payload is the listener's silo address.</summary>
    HandshakeAccepted = 2,

    /// <summary>A call that expects a <see cref="Response"/> (or <see cref="Error"/>/<see cref="Reject"/>) with the same request id.</summary>
    Request = 3,

    /// <summary>The answer to a request; the payload is the handler's result.</summary>
    Response = 4,

    /// <summary>A message that gets no answer (request id 0).</summary>
    OneWay = 5,

    /// <summary>A liveness probe; answered by <see cref="Pong"/> with the same request id, without calling the handler.</summary>
    Ping = 6,

    /// <summary>The answer to a <see cref="Ping"/>.</summary>
    Pong = 7,

    /// <summary>The handler failed on a request; the payload is UTF-8 text describing the failure.</summary>
    Error = 8,

    /// <summary>
    /// The peer refused something: a handshake (request id 0, connection closes after it) or one request
    /// it would not process, such as an oversize frame (request id of that request). Payload: UTF-8 reason.
    /// </summary>
    Reject = 9,
}
