using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Networking;

/// <summary>
/// Accepts connections for one silo incarnation (silo-to-silo or gateway port). Each connection must
/// open with a handshake naming this cluster and this silo's generation; anything else is refused, so a
/// restarted silo never serves traffic meant for its dead predecessor. Host and port in the handshake
/// are not compared: proxies and NAT rewrite them, the generation identifies the incarnation. As a
/// gateway it also keeps the connection of each cluster client, so calls can go back to the client
/// (its observers) over the connection it opened (see ConnectionListener.Clients.cs).
/// </summary>
internal sealed partial class ConnectionListener : IAsyncDisposable
{
    private readonly InboundHandler _handler;
    private readonly NetworkingOptions _options;
    private readonly DeadSilos _dead;
    private readonly TimeProvider _time;
    private readonly NetworkingInstruments _instruments;
    private readonly ILogger _logger;
    private readonly ILogger _connectionLogger;
    private readonly ConcurrentDictionary<Connection, byte> _connections = new();
    private readonly ConcurrentDictionary<Task, byte> _handshakes = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposeState;
    private Socket? _socket;
    private Task _acceptLoop = Task.CompletedTask;

    public ConnectionListener(SiloAddress self, InboundHandler handler, IOptions<NetworkingOptions> options, DeadSilos dead, TimeProvider time, NetworkingInstruments instruments, ILoggerFactory loggerFactory)
    {
        Address = self;
        _handler = handler;
        _options = options.Value;
        _dead = dead;
        _time = time;
        _instruments = instruments;
        _logger = loggerFactory.CreateLogger<ConnectionListener>();
        _connectionLogger = loggerFactory.CreateLogger<Connection>();
        dead.Observe(CloseConnectionsFrom);
    }

    /// <summary>This silo incarnation; after <see cref="Start"/> its port is the bound one (useful with port 0).</summary>
    public SiloAddress Address { get; private set; }

    /// <summary>Connections past their handshake, still open.</summary>
    public IReadOnlyCollection<Connection> Connections => [.. _connections.Keys.Where(c => !c.IsClosed)];

    /// <summary>Binds to the address's host (an IP, else every interface) and port, and starts accepting.</summary>
    public IPEndPoint Start()
    {
        var ip = IPAddress.TryParse(Address.Host, out var parsed) ? parsed : IPAddress.Any;
        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Lets a restarted listener take its port back while old connections linger in TIME_WAIT.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(ip, Address.Port));
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        var bound = (IPEndPoint)socket.LocalEndPoint!;
        Address = Address with { Port = bound.Port };
        _acceptLoop = Task.Run(AcceptLoopAsync);
        LogListening(_logger, Address.ToString(), bound.ToString());
        return bound;
    }

    /// <summary>
    /// Stops accepting and closes every connection (their callers see the connection lost). A connection that is
    /// closing on its own meanwhile is disposed once, by whichever side gets there first; the other waits for it.
    /// Later calls wait for the first.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposeState, 1) != 0)
        {
            await _stopped.Task.ConfigureAwait(false);
            return;
        }

        try
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await StopClientDeadlinesAsync().ConfigureAwait(false);
            _socket?.Dispose();
            await _acceptLoop.ConfigureAwait(false);
            await Task.WhenAll(_handshakes.Keys).ConfigureAwait(false);
            foreach (var connection in _connections.Keys)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            _stopping.Dispose();
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private async Task AcceptLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _socket!.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || token.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                LogAcceptFailed(_logger, e.Message);
                continue;
            }

            accepted.NoDelay = true;
            var handshake = AcceptAsync(accepted);
            _handshakes[handshake] = 0;
            _ = handshake.ContinueWith(t => _handshakes.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task AcceptAsync(Socket socket)
    {
        var connection = new Connection(socket, inbound: true, default, _options, _time, _instruments, _connectionLogger);
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
        HandshakeRequest? request;
        try
        {
            request = await connection.AcceptHandshakeAsync(Address, Check, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            LogHandshakeFailed(_logger, socket.RemoteEndPoint?.ToString() ?? "?", e.Message);
            await connection.DisposeAsync().ConfigureAwait(false);
            return;
        }

        if (request is null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return;
        }

        _connections[connection] = 0;
        if (_stopping.IsCancellationRequested || (request.Sender.Silo is { } sender && _dead.Contains(sender)))
        {
            connection.Close(new ConnectionLostException("The listener is stopping or the peer was declared dead."));
        }
        else
        {
            connection.Start(_handler);
            TrackClient(connection);
        }

        _ = RemoveWhenClosedAsync(connection);
    }

    private async Task RemoveWhenClosedAsync(Connection connection)
    {
        await connection.Closed.ConfigureAwait(false);
        ForgetClient(connection);
        if (_connections.TryRemove(connection, out _))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Null to accept the handshake, else the reason it is refused (sent to the peer).</summary>
    private string? Check(HandshakeRequest request)
    {
        var refusal = request switch
        {
            { ProtocolVersion: not HandshakeRequest.CurrentProtocolVersion } =>
                $"protocol version {request.ProtocolVersion} is not supported (this silo speaks {HandshakeRequest.CurrentProtocolVersion}).",
            _ when !string.Equals(request.ClusterId, _options.ClusterId, StringComparison.Ordinal) =>
                $"the connection is for cluster '{request.ClusterId}', but silo {Address} belongs to cluster '{_options.ClusterId}'.",
            // A client knows a gateway by its endpoint only (generation 0): whichever incarnation listens there serves it.
            _ when request.Target.Generation != Address.Generation && !(request.Sender.IsClient && request.Target.Generation == 0) =>
                $"the connection is for silo incarnation {request.Target}, but this endpoint is {Address} (generation {Address.Generation}); " +
                "the incarnation that was meant is gone, so its traffic is refused.",
            { Sender.Silo: { } sender } when _dead.Contains(sender) =>
                $"silo {sender} has been declared dead and may not connect.",
            _ => null,
        };
        if (refusal is not null)
        {
            LogRefused(_logger, request.Sender.ToString(), refusal);
        }

        return refusal;
    }

    private void CloseConnectionsFrom(SiloAddress silo)
    {
        foreach (var connection in _connections.Keys)
        {
            if (connection.Remote.Silo == silo)
            {
                connection.Close(new ConnectionLostException($"Silo {silo} has been declared dead."));
            }
        }
    }
}
