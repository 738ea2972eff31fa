namespace JobHub.Runtime.Networking;

/// <summary>
/// Produces the answer to an incoming request (for a one-way message the result is ignored). It is
/// called on the connection's read loop, so it must not block: start the work and return the pending
/// task. An exception reaches the caller as <see cref="RemoteRequestFailedException"/>. The token is
/// cancelled when the connection closes (nobody is left to receive the answer).
/// </summary>
public delegate ValueTask<ReadOnlyMemory<byte>> InboundHandler(InboundMessage message, CancellationToken cancellationToken);
