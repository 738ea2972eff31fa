using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace JobHub.Runtime.Networking;

/// <summary>
/// The gateway side of the listener: the open connection of each cluster client, by client id, and
/// requests sent back to a client over the connection it opened (a client accepts no connections).
/// A client holds one gateway connection at a time; if a second one arrives (it reconnected before the
/// old one was seen to close), the newer one wins.
/// </summary>
internal sealed partial class ConnectionListener
{
    private readonly ConcurrentDictionary<string, Connection> _clients = new(StringComparer.Ordinal);
    private ITimer? _clientDeadlines;
    private long _nextClientRequestId;

    /// <summary>The clients connected to this gateway now.</summary>
    public IReadOnlyCollection<string> ConnectedClients => [.. _clients.Keys];

    public bool HasClient(string clientId) => _clients.TryGetValue(clientId, out var connection) && !connection.IsClosed;

    /// <summary>
    /// Sends a request to a connected client and returns its answer. Fails with
    /// <see cref="ClientNotConnectedException"/> when the client has no open connection here (nothing sent),
    /// and like <see cref="ConnectionManager.SendRequestAsync(SiloAddress, ReadOnlyMemory{byte}, DateTimeOffset, CancellationToken)"/>
    /// otherwise (<see cref="ConnectionLostException"/> or <see cref="RemoteCallTimeoutException"/>: outcome unknown).
    /// </summary>
    public async Task<ReadOnlyMemory<byte>> SendRequestToClientAsync(string clientId, ReadOnlyMemory<byte> payload, DateTimeOffset deadline, CancellationToken cancellationToken = default)
    {
        var connection = ClientConnection(clientId);
        EnsureClientDeadlines();
        var left = deadline - _time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            _instruments.RequestTimedOut();
            throw new RemoteCallTimeoutException($"The deadline of a call to client {clientId} had passed before it was sent; it was not sent.");
        }

        var deadlineTimestamp = _time.GetTimestamp() + (long)(left.TotalSeconds * _time.TimestampFrequency);
        return await connection.SendRequestAsync(FrameKind.Request, Interlocked.Increment(ref _nextClientRequestId), payload, FrameFlags.None, deadlineTimestamp, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues a one-way message to a connected client (no answer, no delivery guarantee).</summary>
    public ValueTask SendOneWayToClientAsync(string clientId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        ClientConnection(clientId).SendOneWayAsync(payload, FrameFlags.None, 0, cancellationToken);

    private Connection ClientConnection(string clientId)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        return _clients.TryGetValue(clientId, out var connection) && !connection.IsClosed
            ? connection
            : throw new ClientNotConnectedException($"Client {clientId} is not connected to gateway {Address}.");
    }

    private void TrackClient(Connection connection)
    {
        if (connection.Remote.ClientId is not { } clientId)
        {
            return;
        }

        _clients[clientId] = connection;
        LogClientConnected(_logger, clientId, Address.ToString());
    }

    private void ForgetClient(Connection connection)
    {
        if (connection.Remote.ClientId is { } clientId && _clients.TryRemove(new KeyValuePair<string, Connection>(clientId, connection)))
        {
            LogClientDisconnected(_logger, clientId, Address.ToString());
        }
    }

    /// <summary>Requests to clients need their deadlines checked, as the connection manager does for outbound ones; started on first use.</summary>
    private void EnsureClientDeadlines()
    {
        if (Volatile.Read(ref _clientDeadlines) is not null)
        {
            return;
        }

        var timer = _time.CreateTimer(static s => ((ConnectionListener)s!).ExpireClientRequests(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (Interlocked.CompareExchange(ref _clientDeadlines, timer, null) is null)
        {
            timer.Change(_options.DeadlineCheckPeriod, _options.DeadlineCheckPeriod);
        }
        else
        {
            timer.Dispose();
        }
    }

    private void ExpireClientRequests()
    {
        var now = _time.GetTimestamp();
        foreach (var connection in _clients.Values)
        {
            connection.ExpireOverdue(now);
        }
    }

    private async ValueTask StopClientDeadlinesAsync()
    {
        if (Interlocked.Exchange(ref _clientDeadlines, null) is { } timer)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 524, Level = LogLevel.Information, Message = "Client {ClientId} connected to gateway {Gateway}")]
    private static partial void LogClientConnected(ILogger logger, string clientId, string gateway);

    [LoggerMessage(EventId = 525, Level = LogLevel.Information, Message = "Client {ClientId} left gateway {Gateway}")]
    private static partial void LogClientDisconnected(ILogger logger, string clientId, string gateway);
}
