using System.Collections.Concurrent;
using JobHub.Runtime.Messaging;
using JobHub.Runtime.Networking;
using JobHub.Runtime.Serialization;

namespace JobHub.Runtime.Cluster;

/// <summary>
/// Calls to the observers of cluster clients. A client is reachable only over the connection it opened
/// to its gateway, and it may move to another gateway at any time, so a silo finds it by asking: the
/// gateway that answered last for that client first, then the other active silos one by one. A gateway
/// the client is not connected to refuses at once (nothing ran), so at most one delivers, and a client
/// connected nowhere (stopped, dead, between gateways) fails the call at once with
/// <see cref="ClientNotConnectedException"/> instead of a timeout.
/// </summary>
internal sealed partial class ClusterMessageRouter
{
    private readonly ConcurrentDictionary<string, SiloAddress> _clientGateways = new(StringComparer.Ordinal);

    private async Task SendToClientAsync(Message message, string client, bool askOtherGateways)
    {
        var remaining = _time.GetElapsedTime(_time.GetTimestamp(), message.DeadlineTimestamp);
        if (remaining <= TimeSpan.Zero)
        {
            FailExpiredForwarded(message, $"client {client}");
            return;
        }

        if (!TryWritePayload(message, remaining, $"client {client}", out var payload))
        {
            return;
        }

        if (_gateway!.HasClient(client) && await TrySendToConnectedClientAsync(message, client, payload, remaining).ConfigureAwait(false))
        {
            return;
        }

        if (askOtherGateways)
        {
            var asked = new HashSet<SiloAddress>();
            foreach (var gateway in GatewayCandidates(client))
            {
                asked.Add(gateway);
                if (await TrySendThroughGatewayAsync(message, client, gateway, payload, remaining).ConfigureAwait(false))
                {
                    return;
                }
            }

            // Nobody this silo knows has the client; its view may be behind (a silo that joined a moment ago is the
            // client's gateway), so read the membership once and ask the silos it did not know before giving up.
            // Not for one-way calls: they were told to every known silo already, and a table read per
            // notification would cost more than the notification.
            if (message.Response is null)
            {
                return;
            }

            await RefreshViewQuietlyAsync().ConfigureAwait(false);
            foreach (var gateway in GatewayCandidates(client))
            {
                if (asked.Add(gateway) && await TrySendThroughGatewayAsync(message, client, gateway, payload, remaining).ConfigureAwait(false))
                {
                    return;
                }
            }
        }

        var notConnected = new ClientNotConnectedException(
            $"{message} was not delivered: client {client} is connected to no gateway of this cluster (it stopped, or it is switching gateways); nothing ran.");
        if (message.Response is IRelayedAnswerSink relayed)
        {
            relayed.Refuse(notConnected);
        }
        else
        {
            message.Response?.SetException(notConnected);
        }
    }

    /// <summary>False when the client turned out not to be connected here after all (nothing sent).</summary>
    private async Task<bool> TrySendToConnectedClientAsync(Message message, string client, ReadOnlyMemory<byte> payload, TimeSpan remaining)
    {
        try
        {
            if (message.Response is null)
            {
                await _gateway!.SendOneWayToClientAsync(client, payload).ConfigureAwait(false);
                return true;
            }

            var answer = await _gateway!.SendRequestToClientAsync(client, payload, _time.GetUtcNow() + remaining).ConfigureAwait(false);
            Complete(message, answer);
        }
        catch (ClientNotConnectedException)
        {
            return false;
        }
        catch (Exception ex) when (ex is ConnectionLostException or RemoteCallTimeoutException)
        {
            SetAnswerLost(message, $"client {client}", ex);
        }
        catch (JobHubException ex)
        {
            message.Response?.SetException(ex);
        }

        return true;
    }

    /// <summary>False when that gateway does not have the client or cannot be reached (nothing ran): try the next one.</summary>
    private async Task<bool> TrySendThroughGatewayAsync(Message message, string client, SiloAddress gateway, ReadOnlyMemory<byte> payload, TimeSpan remaining)
    {
        try
        {
            if (message.Response is null)
            {
                // No answer to learn from: a gateway without the client drops it, so every gateway may be told.
                await _connections!.SendOneWayAsync(gateway, payload).ConfigureAwait(false);
                return _clientGateways.TryGetValue(client, out var known) && known == gateway;
            }

            var answer = await _connections!.SendRequestAsync(gateway, payload, _time.GetUtcNow() + remaining).ConfigureAwait(false);
            if (WireFormat.IsClientNotConnected(answer.Span))
            {
                _clientGateways.TryRemove(new KeyValuePair<string, SiloAddress>(client, gateway));
                return false;
            }

            _clientGateways[client] = gateway;
            Complete(message, answer);
        }
        catch (Exception ex) when (ex is SiloDeadException or SiloUnreachableException)
        {
            _clientGateways.TryRemove(new KeyValuePair<string, SiloAddress>(client, gateway));
            return false;
        }
        catch (Exception ex) when (ex is ConnectionLostException or RemoteCallTimeoutException)
        {
            SetAnswerLost(message, $"client {client} through {gateway}", ex);
        }
        catch (JobHubException ex)
        {
            message.Response?.SetException(ex);
        }

        return true;
    }

    /// <summary>The gateway that last answered for the client, then every other active silo, then those shutting down.</summary>
    private IEnumerable<SiloAddress> GatewayCandidates(string client)
    {
        var known = _clientGateways.TryGetValue(client, out var gateway) ? gateway : (SiloAddress?)null;
        if (known is { } first && first != _self && !_connections!.IsDead(first))
        {
            yield return first;
        }

        foreach (var silo in _ring.Silos.Concat(_leaving))
        {
            if (silo != _self && silo != known && !_connections!.IsDead(silo))
            {
                yield return silo;
            }
        }
    }
}
