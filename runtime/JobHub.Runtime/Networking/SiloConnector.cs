using Microsoft.Extensions.Logging;

namespace JobHub.Runtime.Networking;

/// <summary>
/// The outbound connection to one silo incarnation. Concurrent senders share one connection attempt.
/// After a failed attempt, calls fail at once until the backoff has passed; the next call then tries
/// again (the backoff doubles per failure up to its cap and resets on success). A broken connection is
/// replaced by the next call. Once the silo is declared dead, every call fails immediately.
/// </summary>
internal sealed partial class SiloConnector
{
    private readonly Lock _lock = new();
    private readonly PeerIdentity _local;
    private readonly InboundHandler? _handler;
    private readonly NetworkingOptions _options;
    private readonly TimeProvider _time;
    private readonly NetworkingInstruments _instruments;
    private readonly ILogger _logger;
    private readonly ILogger _connectionLogger;
    private readonly ReconnectBackoff _backoff;
    private readonly CancellationToken _shutdown;
    private Connection? _current;
    private Task<Connection>? _connecting;
    private long _retryAfterTimestamp;
    private Exception? _lastFailure;
    private bool _dead;

    public SiloConnector(SiloAddress target, PeerIdentity local, InboundHandler? handler, NetworkingOptions options, TimeProvider time, NetworkingInstruments instruments, ILoggerFactory loggerFactory, CancellationToken shutdown)
    {
        Target = target;
        _local = local;
        _handler = handler;
        _options = options;
        _time = time;
        _instruments = instruments;
        _logger = loggerFactory.CreateLogger<SiloConnector>();
        _connectionLogger = loggerFactory.CreateLogger<Connection>();
        _backoff = new ReconnectBackoff(options.ReconnectInitialBackoff, options.ReconnectMaxBackoff);
        _shutdown = shutdown;
    }

    public SiloAddress Target { get; }

    /// <summary>The open connection, if there is one.</summary>
    public Connection? Current => _current is { IsClosed: false } current ? current : null;

    public ValueTask<Connection> GetAsync() => Current is { } current ? new(current) : new(GetOrConnectAsync());

    /// <summary>Closes the connection and refuses every later call (the incarnation is gone for good).</summary>
    public void MarkDead()
    {
        Connection? current;
        lock (_lock)
        {
            _dead = true;
            current = _current;
            _current = null;
        }

        current?.Close(new SiloDeadException(Target));
    }

    public async ValueTask CloseAsync()
    {
        Connection? current;
        lock (_lock)
        {
            current = _current;
            _current = null;
        }

        if (current is not null)
        {
            await current.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task<Connection> GetOrConnectAsync()
    {
        lock (_lock)
        {
            if (_dead)
            {
                return Task.FromException<Connection>(new SiloDeadException(Target));
            }

            if (Current is { } current)
            {
                return Task.FromResult(current);
            }

            if (_connecting is not null)
            {
                return _connecting;
            }

            if (_retryAfterTimestamp != 0)
            {
                var wait = _time.GetElapsedTime(_time.GetTimestamp(), _retryAfterTimestamp);
                if (wait > TimeSpan.Zero)
                {
                    return Task.FromException<Connection>(new SiloUnreachableException(
                        Target,
                        $"Silo {Target} is unreachable: the last connection attempt failed ({_lastFailure?.Message}); the next attempt is allowed in {wait.TotalMilliseconds:0} ms. The call was not sent.",
                        _lastFailure));
                }
            }

            // Run outside the lock and off the caller's thread; every concurrent caller awaits this one attempt.
            _connecting = Task.Run(ConnectAsync);
            return _connecting;
        }
    }

    private async Task<Connection> ConnectAsync()
    {
        Connection connection;
        try
        {
            connection = await Connection.ConnectAsync(Target, _local, _handler, _options, _time, _instruments, _connectionLogger, _shutdown).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            TimeSpan delay;
            lock (_lock)
            {
                _connecting = null;
                delay = _backoff.NextDelay();
                _retryAfterTimestamp = _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);
                _lastFailure = e;
            }

            _instruments.ConnectFailed();
            LogConnectFailed(_logger, Target.ToString(), e.Message, delay.TotalMilliseconds);
            throw e is HandshakeRejectedException or OperationCanceledException
                ? e
                : new SiloUnreachableException(Target, $"Could not connect to silo {Target}: {e.Message} The next attempt is allowed in {delay.TotalMilliseconds:0} ms. The call was not sent.", e);
        }

        bool dead;
        lock (_lock)
        {
            _connecting = null;
            dead = _dead;
            if (!dead)
            {
                _current = connection;
                _retryAfterTimestamp = 0;
                _lastFailure = null;
                _backoff.Reset();
            }
        }

        if (dead)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new SiloDeadException(Target);
        }

        _ = DisposeWhenClosedAsync(connection);
        return connection;
    }

    private async Task DisposeWhenClosedAsync(Connection connection)
    {
        await connection.Closed.ConfigureAwait(false);
        lock (_lock)
        {
            if (_current == connection)
            {
                _current = null;
            }
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
