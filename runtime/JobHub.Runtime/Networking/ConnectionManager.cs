using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Networking;

/// <summary>
/// Sends requests and one-way messages to silos (or, from a client, to gateways) over one outbound
/// connection per target incarnation, opened on first use. Requests are correlated by id and bounded
/// by a per-call deadline; one timer checks every pending deadline. Calls to a silo declared dead fail
/// at once; calls to an unreachable one fail as soon as the connection attempt fails.
/// </summary>
internal sealed partial class ConnectionManager : IAsyncDisposable
{
    private readonly ConcurrentDictionary<SiloAddress, SiloConnector> _connectors = new();
    private readonly PeerIdentity _local;
    private readonly InboundHandler? _handler;
    private readonly NetworkingOptions _options;
    private readonly DeadSilos _dead;
    private readonly TimeProvider _time;
    private readonly NetworkingInstruments _instruments;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposeState;
    private readonly ITimer _deadlineTimer;
    private long _nextRequestId;

    /// <summary>
    /// <paramref name="local"/> is this silo (or client), named in every handshake; <paramref name="handler"/>
    /// serves requests a peer sends back on these connections (a gateway calling a client's observers), null for none.
    /// </summary>
    public ConnectionManager(PeerIdentity local, InboundHandler? handler, IOptions<NetworkingOptions> options, DeadSilos dead, TimeProvider time, NetworkingInstruments instruments, ILoggerFactory loggerFactory)
    {
        _local = local;
        _handler = handler;
        _options = options.Value;
        _dead = dead;
        _time = time;
        _instruments = instruments;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ConnectionManager>();
        dead.Observe(OnDeclaredDead);
        _deadlineTimer = time.CreateTimer(static s => ((ConnectionManager)s!).ExpireOverdue(), this, _options.DeadlineCheckPeriod, _options.DeadlineCheckPeriod);
    }

    /// <summary>
    /// Sends a request and returns the answer's payload. Fails with <see cref="RemoteCallTimeoutException"/>
    /// when no answer came before <paramref name="deadline"/> (outcome unknown),
    /// <see cref="ConnectionLostException"/> when the connection broke first (outcome unknown),
    /// <see cref="SiloDeadException"/>, <see cref="SiloUnreachableException"/> or
    /// <see cref="HandshakeRejectedException"/> when it could not be sent, <see cref="FrameTooLargeException"/>
    /// for an oversize payload, and <see cref="RemoteRequestFailedException"/> when the peer's handler failed.
    /// </summary>
    public Task<ReadOnlyMemory<byte>> SendRequestAsync(SiloAddress target, ReadOnlyMemory<byte> payload, DateTimeOffset deadline, CancellationToken cancellationToken = default) =>
        SendRequestAsync(target, payload, deadline, FrameFlags.None, cancellationToken);

    /// <summary>As <see cref="SendRequestAsync(SiloAddress, ReadOnlyMemory{byte}, DateTimeOffset, CancellationToken)"/>, with flags passed to the peer's handler.</summary>
    public Task<ReadOnlyMemory<byte>> SendRequestAsync(SiloAddress target, ReadOnlyMemory<byte> payload, DateTimeOffset deadline, FrameFlags flags, CancellationToken cancellationToken = default)
    {
        try
        {
            return SendRequestCoreAsync(target, payload, ToTimestamp(target, deadline), flags, answerInline: false, cancellationToken);
        }
        catch (Exception ex)
        {
            return Task.FromException<ReadOnlyMemory<byte>>(ex);
        }
    }

    /// <summary>
    /// The grain-call path (the router's): as <see cref="SendRequestAsync(SiloAddress, ReadOnlyMemory{byte}, DateTimeOffset, FrameFlags, CancellationToken)"/>,
    /// with the deadline already on this manager's <see cref="TimeProvider"/> timestamps (two clock reads fewer per call), and the
    /// returned task completing on the connection's read loop, which saves a thread-pool hop per call: the caller's continuation
    /// must be short and never block (the router only reads the answer into the caller's sink, whose continuations run on the
    /// thread pool). A deadline already past is not checked here: the frame is dropped unsent and the call times out.
    /// </summary>
    internal Task<ReadOnlyMemory<byte>> SendCallAsync(SiloAddress target, ReadOnlyMemory<byte> payload, long deadlineTimestamp)
    {
        try
        {
            return SendRequestCoreAsync(target, payload, deadlineTimestamp, FrameFlags.None, answerInline: true, CancellationToken.None);
        }
        catch (Exception ex)
        {
            return Task.FromException<ReadOnlyMemory<byte>>(ex);
        }
    }

    private Task<ReadOnlyMemory<byte>> SendRequestCoreAsync(SiloAddress target, ReadOnlyMemory<byte> payload, long deadlineTimestamp, FrameFlags flags, bool answerInline, CancellationToken cancellationToken)
    {
        CheckSize(payload);
        var connecting = GetConnectionAsync(target, deadlineTimestamp, cancellationToken);
        return connecting.IsCompletedSuccessfully
            ? connecting.Result.SendRequestAsync(FrameKind.Request, NextRequestId(), payload, flags, deadlineTimestamp, cancellationToken, answerInline)
            : SendOnceConnectedAsync(connecting, payload, flags, deadlineTimestamp, cancellationToken);
    }

    private async Task<ReadOnlyMemory<byte>> SendOnceConnectedAsync(ValueTask<Connection> connecting, ReadOnlyMemory<byte> payload, FrameFlags flags, long deadlineTimestamp, CancellationToken cancellationToken)
    {
        var connection = await connecting.ConfigureAwait(false);
        return await connection.SendRequestAsync(FrameKind.Request, NextRequestId(), payload, flags, deadlineTimestamp, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues a one-way message. Completes once it is queued, waiting while the connection's queue is full;
    /// there is no answer and no delivery guarantee. Fails if the target is dead or cannot be reached.
    /// </summary>
    public ValueTask SendOneWayAsync(SiloAddress target, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        SendOneWayAsync(target, payload, FrameFlags.None, cancellationToken);

    /// <summary>As <see cref="SendOneWayAsync(SiloAddress, ReadOnlyMemory{byte}, CancellationToken)"/>, with flags passed to the peer's handler.</summary>
    public async ValueTask SendOneWayAsync(SiloAddress target, ReadOnlyMemory<byte> payload, FrameFlags flags, CancellationToken cancellationToken = default)
    {
        CheckSize(payload);
        var connection = await GetConnectionAsync(target, 0, cancellationToken).ConfigureAwait(false);
        await connection.SendOneWayAsync(payload, flags, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Round trip of a ping answered by the peer's transport itself (no handler involved), for liveness probes.</summary>
    public async Task<TimeSpan> PingAsync(SiloAddress target, DateTimeOffset deadline, CancellationToken cancellationToken = default)
    {
        var deadlineTimestamp = ToTimestamp(target, deadline);
        var connection = await GetConnectionAsync(target, deadlineTimestamp, cancellationToken).ConfigureAwait(false);
        var started = _time.GetTimestamp();
        await connection.SendRequestAsync(FrameKind.Ping, NextRequestId(), ReadOnlyMemory<byte>.Empty, FrameFlags.System, deadlineTimestamp, cancellationToken).ConfigureAwait(false);
        return _time.GetElapsedTime(started);
    }

    /// <summary>
    /// Declares a silo incarnation dead: its connections close (pending calls fail, outcome unknown) and
    /// every later call to it fails at once with <see cref="SiloDeadException"/>.
    /// </summary>
    public void MarkDead(SiloAddress silo) => _dead.MarkDead(silo);

    public bool IsDead(SiloAddress silo) => _dead.Contains(silo);

    /// <summary>
    /// Closes the connection to <paramref name="target"/>, if open (its pending calls fail, outcome unknown);
    /// unlike <see cref="MarkDead"/>, a later call connects again. A client leaving a gateway uses it.
    /// </summary>
    public ValueTask DisconnectAsync(SiloAddress target) =>
        _connectors.TryGetValue(target, out var connector) ? connector.CloseAsync() : ValueTask.CompletedTask;

    /// <summary>The open outbound connection to <paramref name="target"/>, if any (for diagnostics and tests).</summary>
    public Connection? CurrentConnection(SiloAddress target) => _connectors.TryGetValue(target, out var connector) ? connector.Current : null;

    /// <summary>Closes every outbound connection; runs once, and later or concurrent calls wait for that one.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposeState, 1) != 0)
        {
            await _disposed.Task.ConfigureAwait(false);
            return;
        }

        try
        {
            await _shutdown.CancelAsync().ConfigureAwait(false);
            await _deadlineTimer.DisposeAsync().ConfigureAwait(false);
            foreach (var connector in _connectors.Values)
            {
                await connector.CloseAsync().ConfigureAwait(false);
            }

            _shutdown.Dispose();
        }
        finally
        {
            _disposed.TrySetResult();
        }
    }

    internal void ExpireOverdue()
    {
        var now = _time.GetTimestamp();
        foreach (var connector in _connectors.Values)
        {
            connector.Current?.ExpireOverdue(now);
        }
    }

    private async ValueTask<Connection> GetConnectionAsync(SiloAddress target, long deadlineTimestamp, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_shutdown.IsCancellationRequested, this);
        if (_dead.Contains(target))
        {
            throw new SiloDeadException(target);
        }

        var pending = _connectors.GetOrAdd(target, CreateConnector).GetAsync();
        if (pending.IsCompleted)
        {
            return await pending.ConfigureAwait(false);
        }

        // Connecting: wait no longer than the call's deadline allows (the attempt itself goes on for other callers).
        var limit = deadlineTimestamp == 0
            ? Timeout.InfiniteTimeSpan
            : TimeSpan.FromTicks(Math.Max(0, _time.GetElapsedTime(_time.GetTimestamp(), deadlineTimestamp).Ticks));
        try
        {
            return await pending.AsTask().WaitAsync(limit, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _instruments.RequestTimedOut();
            throw new RemoteCallTimeoutException($"The deadline of a call to {target} passed while connecting; the call was not sent.");
        }
    }

    private SiloConnector CreateConnector(SiloAddress target) =>
        new(target, _local, _handler, _options, _time, _instruments, _loggerFactory, _shutdown.Token);

    private long ToTimestamp(SiloAddress target, DateTimeOffset deadline)
    {
        var left = deadline - _time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            _instruments.RequestTimedOut();
            throw new RemoteCallTimeoutException($"The deadline of a call to {target} had passed before it was sent; it was not sent.");
        }

        return _time.GetTimestamp() + (long)(left.TotalSeconds * _time.TimestampFrequency);
    }

    private void CheckSize(ReadOnlyMemory<byte> payload)
    {
        if (payload.Length > _options.MaxFramePayloadBytes)
        {
            _instruments.OversizeFrameRejected();
            throw new FrameTooLargeException(payload.Length, _options.MaxFramePayloadBytes);
        }
    }

    private long NextRequestId() => Interlocked.Increment(ref _nextRequestId);

    private void OnDeclaredDead(SiloAddress silo)
    {
        LogMarkedDead(_logger, silo.ToString());
        _connectors.GetOrAdd(silo, CreateConnector).MarkDead();
    }
}
