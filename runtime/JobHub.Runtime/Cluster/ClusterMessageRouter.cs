using JobHub.Runtime.ClusterClient;
using JobHub.Runtime.Core;
using JobHub.Runtime.Messaging;
using JobHub.Runtime.Networking;
using JobHub.Runtime.Observers;
using JobHub.Runtime.Placement;
using JobHub.Runtime.Serialization;
using Microsoft.Extensions.Logging;

namespace JobHub.Runtime.Cluster;

/// <summary>
/// Routes calls by the consistent-hash ring of active silos: to the local catalog when this silo owns
/// the target grain, else over TCP to the owner. On the receiving side it checks ownership again
/// (rule 1): a silo that does not own a grain refuses the call, and the caller refreshes its view and
/// re-sends — only when nothing ran (refused, or the owner is known dead or unreachable). A call whose
/// answer was lost fails with <see cref="UnknownOutcomeException"/> and is never re-sent, so nothing
/// runs twice; duplicates of one request id within a window get the first answer.
/// </summary>
internal sealed partial class ClusterMessageRouter : IMessageRouter
{
    private const int MaxResends = 5;

    private readonly Catalog _catalog;
    private readonly WireFormat _wire;
    private readonly TimeProvider _time;
    private readonly ILogger<ClusterMessageRouter> _logger;
    private readonly RecentRequests _recent;
    private readonly SiloAddress _self;
    private ConnectionManager? _connections;
    private Func<CancellationToken, Task>? _refreshView;
    private IReadOnlyList<SiloAddress> _leaving = [];
    private volatile ConsistentHashRing _ring;
    private volatile bool _fenced;
    private ConnectionListener? _gateway;
    private string? _localClientId;

    public ClusterMessageRouter(Catalog catalog, WireFormat wire, SiloAddress self, TimeProvider time, ILogger<ClusterMessageRouter> logger)
    {
        _catalog = catalog;
        _wire = wire;
        _self = self;
        _time = time;
        _logger = logger;
        _recent = new RecentRequests(time);
        _ring = new ConsistentHashRing([self]);
    }

    public ConsistentHashRing Ring => _ring;

    /// <summary>Connects the router to the transport and to a way of re-reading the membership table.</summary>
    public void Attach(ConnectionManager connections, Func<CancellationToken, Task> refreshView)
    {
        _connections = connections;
        _refreshView = refreshView;
    }

    /// <summary>A silo's listener: it is the gateway of the clients connected to it, and reaches them through it.</summary>
    public void AttachGateway(ConnectionListener listener) => _gateway = listener;

    /// <summary>On a cluster client: observers made here carry this id, and calls to them run here.</summary>
    public void SetLocalClient(string clientId) => _localClientId = clientId;

    /// <summary>
    /// Silos shutting down gracefully: they own nothing any more, but until they are gone they still hold
    /// the connections of their clients, so observer calls to those clients still ask them.
    /// </summary>
    public void UpdateLeavingSilos(IReadOnlyList<SiloAddress> leavingSilos) => _leaving = leavingSilos;

    /// <summary>A new membership view: calls follow the new ring from now on.</summary>
    public void UpdateRing(IReadOnlyList<SiloAddress> activeSilos)
    {
        // A silo that is leaving (or not yet active) still routes by the others; it never owns anything new.
        // A client never owns anything: with no active silo it keeps its last ring and calls fail at the transport.
        if (activeSilos.Count > 0 || _self.Port != 0)
        {
            _ring = new ConsistentHashRing(activeSilos.Count == 0 ? [_self] : activeSilos);
        }
    }

    /// <summary>This silo was declared dead: it must not serve or send grain calls any more (rule 3).</summary>
    public void Fence() => _fenced = true;

    /// <summary>
    /// Whether calls to <paramref name="grainId"/> run here: a grain this silo owns on the ring, or an
    /// observer held by this process (a silo's own, or this client's).
    /// </summary>
    public bool Owns(GrainId grainId) =>
        grainId.Type == Catalog.ObserverGrainType
            ? ObserverIds.ClientOf(grainId) is not { } client || client == _localClientId
            : _ring.OwnerOf(grainId) == _self;

    public void Route(Message message)
    {
        if (_fenced)
        {
            message.Response?.SetException(new SiloUnavailableException($"This silo ({_self}) was declared dead by the cluster and serves no calls."));
            return;
        }

        if (_connections is null || Owns(message.Target))
        {
            _catalog.Deliver(message);
            return;
        }

        if (_gateway is not null && ObserverIds.ClientOf(message.Target) is { } client)
        {
            _ = SendToClientAsync(message, client, askOtherGateways: true);
            return;
        }

        // A client's ring holds only its current gateway, so every call it makes goes there.
        _ = SendAsync(message, _ring.OwnerOf(message.Target), resends: 0);
    }

    /// <summary>The transport's handler for requests from other silos and clients.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> HandleInboundAsync(InboundMessage inbound, CancellationToken cancellationToken)
    {
        if (_fenced)
        {
            return _wire.WriteException(new SiloUnavailableException($"Silo {_self} was declared dead by the cluster and serves no calls."));
        }

        WireRequest request;
        try
        {
            request = _wire.ReadRequest(inbound.Payload);
        }
        catch (Exception ex) when (ex is JobHubException or System.Text.Json.JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return _wire.WriteException(ex);
        }

        if (request.Target == IGatewayList.Id && _gateway is not null)
        {
            return _wire.WriteResult(_ring.Silos.Select(GatewayAddresses.Format).ToArray(), typeof(string[]));
        }

        Action<Message> dispatch = _catalog.Deliver;
        if (!Owns(request.Target))
        {
            if (ObserverIds.ClientOf(request.Target) is { } client && _gateway is not null && !inbound.Sender.IsClient)
            {
                // Another silo looks for this client's gateway: refuse at once unless it is connected here,
                // so the caller asks the next gateway; never pass it on (no loops between gateways).
                if (!_gateway.HasClient(client))
                {
                    return _wire.WriteException(new ClientNotConnectedException($"Client {client} is not connected to gateway {_self}."));
                }

                dispatch = m => _ = SendToClientAsync(m, client, askOtherGateways: false);
            }
            else if (inbound.Sender.IsClient && _gateway is not null)
            {
                // This silo is the client's gateway: it forwards the call to the owner and relays the answer.
                dispatch = Route;
            }
            else
            {
                return _wire.WriteException(new NotOwnerException($"Silo {_self} does not own {request.Target}; its view says {_ring.OwnerOf(request.Target)} does."));
            }
        }

        if (inbound.IsOneWay)
        {
            dispatch(ToMessage(request, response: null));
            return ReadOnlyMemory<byte>.Empty;
        }

        var (sink, body) = RemoteResponseSinks.Create(request.Method, _wire);
        var answer = _recent.FirstAnswer(inbound.Sender, request.Id, body);
        if (answer == body)
        {
            dispatch(ToMessage(request, sink));
        }

        return await answer.ConfigureAwait(false);
    }

    /// <summary>A call read off the wire as a message of this process; forwarded, it gets an id of this silo's (so the next hop's duplicate check is per sender).</summary>
    private Message ToMessage(WireRequest request, IResponseSink? response)
    {
        var now = _time.GetTimestamp();
        var deadline = now + (long)(request.RemainingTime.TotalSeconds * _time.TimestampFrequency);
        return new Message(_catalog.NextInboundId(), request.Target, request.Method, request.Arguments, request.Sender, request.Chain, now, deadline, response);
    }

    private async Task SendAsync(Message message, SiloAddress owner, int resends)
    {
        var remaining = _time.GetElapsedTime(_time.GetTimestamp(), message.DeadlineTimestamp);
        if (remaining <= TimeSpan.Zero)
        {
            FailExpiredForwarded(message, owner.ToString());
            return;
        }

        if (!TryWritePayload(message, remaining, owner.ToString(), out var payload))
        {
            return;
        }

        try
        {
            if (message.Response is null)
            {
                await _connections!.SendOneWayAsync(owner, payload).ConfigureAwait(false);
                return;
            }

            var answer = await _connections!.SendCallAsync(owner, payload, message.DeadlineTimestamp).ConfigureAwait(false);
            if (WireFormat.IsNotOwner(answer.Span) && resends < MaxResends)
            {
                await ResendAsync(message, resends, $"{owner} does not own it").ConfigureAwait(false);
                return;
            }

            Complete(message, answer);
        }
        catch (Exception ex) when (ex is SiloDeadException or SiloUnreachableException)
        {
            // Nothing was sent: once the view has moved on, the new owner can take it.
            if (resends < MaxResends)
            {
                await ResendAsync(message, resends, ex.Message).ConfigureAwait(false);
            }
            else
            {
                message.Response?.SetException(ex);
            }
        }
        catch (Exception ex) when (ex is ConnectionLostException or RemoteCallTimeoutException)
        {
            SetAnswerLost(message, owner.ToString(), ex);
        }
        catch (Exception ex) when (ex is JobHubException)
        {
            message.Response?.SetException(ex);
        }
    }

    /// <summary>
    /// A call past its deadline before it could be sent. A caller in this process hears from PendingCalls
    /// (with the call chain); a call that came from elsewhere (negative id, see Catalog.NextInboundId) and
    /// is being forwarded is tracked by nobody else, so its sender is answered here.
    /// </summary>
    private static void FailExpiredForwarded(Message message, string destination)
    {
        if (message.Id < 0)
        {
            message.Response?.SetException(new GrainCallTimeoutException($"{message} reached its deadline before it could be sent to {destination}; it was not sent.", []));
        }
    }

    /// <summary>Completes a call from the next hop's answer: relayed as it is when this silo only passed the call on.</summary>
    private void Complete(Message message, ReadOnlyMemory<byte> answer)
    {
        if (message.Response is IRelayedAnswerSink relayed)
        {
            // Kept until written to the previous hop, later than this call returns: a copy of its own, so the
            // transport stays free to hand out pooled buffers.
            relayed.SetAnswer(answer.ToArray());
        }
        else if (message.Response is { } response)
        {
            _wire.CompleteResponse(message.Method, response, answer);
        }
    }

    /// <summary>The call left, but its answer never came: it may or may not have run, so it is never re-sent.</summary>
    private static void SetAnswerLost(Message message, string destination, Exception cause) =>
        message.Response?.SetException(new UnknownOutcomeException($"{message} was sent to {destination} but its answer was lost ({cause.Message}); it may or may not have run.", cause));

    /// <summary>The request's wire body; false (and the caller told why) when an argument cannot be serialized.</summary>
    private bool TryWritePayload(Message message, TimeSpan remaining, string destination, out ReadOnlyMemory<byte> payload)
    {
        try
        {
            payload = _wire.WriteRequest(message, remaining);
            return true;
        }
        catch (Exception ex) when (ex is NotSupportedException or System.Text.Json.JsonException or InvalidOperationException)
        {
            message.Response?.SetException(new GrainArgumentCopyException($"{message} could not be serialized for {destination}: {ex.Message}", typeof(object), ex));
            payload = default;
            return false;
        }
    }

    /// <summary>Reads the membership table now; a failure is logged and the current view kept.</summary>
    private async Task RefreshViewQuietlyAsync()
    {
        try
        {
            await _refreshView!(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRefreshFailed(_logger, ex);
        }
    }

    private async Task ResendAsync(Message message, int resends, string why)
    {
        LogResending(_logger, message.ToString(), why);

        // Back off a little more each time so a view that is still settling can catch up.
        await Task.Delay(TimeSpan.FromMilliseconds(50 * (1 << resends)), _time).ConfigureAwait(false);
        await RefreshViewQuietlyAsync().ConfigureAwait(false);

        var owner = _ring.OwnerOf(message.Target);
        if (owner == _self)
        {
            _catalog.Deliver(message);
        }
        else
        {
            await SendAsync(message, owner, resends + 1).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Debug, Message = "Re-sending {Message}: {Why}")]
    private static partial void LogResending(ILogger logger, string message, string why);

    [LoggerMessage(EventId = 501, Level = LogLevel.Warning, Message = "Could not refresh the membership view before re-sending")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
