using JobHub.Runtime.Cluster;
using JobHub.Runtime.Core;
using JobHub.Runtime.Networking;
using JobHub.Runtime.Timers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.ClusterClient;

/// <summary>
/// A cluster client that talks to the cluster through one gateway at a time: it hosts no grains, is not a
/// member and needs no database. Every call goes to the current gateway, which runs it or forwards it to
/// the owner and relays the answer; observers made here are called back over the same connection.
/// The client moves to the next configured gateway as soon as the connection closes, or after
/// <see cref="GatewayClientOptions.MissedProbesLimit"/> missed pings. Calls not yet sent then go to the
/// new gateway (the router re-sends calls that could not be sent); calls in flight end with
/// <see cref="UnknownOutcomeException"/> and are never re-sent.
/// </summary>
internal sealed partial class GatewayClientRuntime : IClusterLifecycle, IClusterClient, IAsyncDisposable
{
    private readonly RuntimeClient _grains;
    private readonly ClusterMessageRouter _router;
    private readonly GatewayClientOptions _options;
    private readonly IOptions<NetworkingOptions> _networking;
    private readonly TimeProvider _time;
    private readonly NetworkingInstruments _instruments;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<GatewayClientRuntime> _logger;
    private readonly SemaphoreSlim _switchGate = new(1, 1);
    private SiloAddress[] _configured = [];
    private volatile GatewayView _view = new([], null);
    private int _missedProbes;
    private int _probesSinceListRefresh;
    private Connection? _watched;
    private ConnectionManager? _connections;
    private PeriodicWork? _probes;
    private volatile bool _leaving;

    public GatewayClientRuntime(
        Catalog catalog,
        RuntimeClient grains,
        ClusterMessageRouter router,
        IOptions<GatewayClientOptions> options,
        IOptions<NetworkingOptions> networking,
        TimeProvider time,
        NetworkingInstruments instruments,
        ILoggerFactory loggers)
    {
        _grains = grains;
        _router = router;
        _options = options.Value;
        _networking = networking;
        _time = time;
        _instruments = instruments;
        _loggers = loggers;
        _logger = loggers.CreateLogger<GatewayClientRuntime>();
        // No '/' in the id: observer ids are "sys.observer/{clientId}/{guid}".
        ClientId = "client-" + Guid.NewGuid().ToString("N")[..16];
        grains.ClientId = ClientId;
        router.SetLocalClient(ClientId);
        catalog.Router = router;
    }

    /// <summary>The gateway list is asked for again every this many successful pings (about 10 s by default).</summary>
    private const int GatewayListRefreshProbes = 10;

    public event Action<string>? GatewayChanged;

    public string ClientId { get; }

    public string? CurrentGateway => _view.Current is { } current ? GatewayAddresses.Format(current) : null;

    public IReadOnlyList<string> Gateways => [.. _view.All.Select(GatewayAddresses.Format)];

    public IReadOnlyList<(uint Begin, uint End)> OwnedRanges => [];

    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        _configured = [.. _options.Gateways.Select(g => GatewayAddresses.TryParse(g, out var address) ? address : throw new FormatException($"'{g}' is not a gateway address.")).Distinct()];
        _view = new GatewayView(_configured, null);
        _connections = new ConnectionManager(PeerIdentity.ForClient(ClientId), _router.HandleInboundAsync, _networking, new DeadSilos(), _time, _instruments, _loggers);
        _router.Attach(_connections, EnsureGatewayAsync);

        // Clients start at a random gateway, so many clients spread over the silos.
        var failures = new List<string>();
        var start = Random.Shared.Next(_configured.Length);
        for (var i = 0; i < _configured.Length && _view.Current is null; i++)
        {
            var gateway = _configured[(start + i) % _configured.Length];
            if (await TryConnectAsync(gateway, failures, cancellationToken).ConfigureAwait(false))
            {
                Use(gateway);
            }
        }

        if (_view.Current is null)
        {
            throw new SiloUnavailableException(
                $"The cluster client could not connect to any of its {_configured.Length} gateways: {string.Join("; ", failures)}.");
        }

        await RefreshGatewayListAsync().ConfigureAwait(false);
        _probes = new PeriodicWork(_options.ProbePeriod, _time, ProbeAsync, ex => LogProbeFailed(_logger, ex));
        _probes.Start();
    }

    public Task BeginLeavingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task FinishLeavingAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        _leaving = true; // the connection closing now is no reason to look for another gateway
        if (_probes is not null)
        {
            await _probes.DisposeAsync().ConfigureAwait(false);
            _probes = null;
        }

        if (_connections is not null)
        {
            await _connections.DisposeAsync().ConfigureAwait(false);
            _connections = null;
        }
    }

    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey => _grains.GetGrain<TGrainInterface>(key);

    public TGrainInterface GetGrain<TGrainInterface>(Guid key)
        where TGrainInterface : IGrainWithGuidKey => _grains.GetGrain<TGrainInterface>(key);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IGrain => _grains.GetGrain<TGrainInterface>(grainId);

    public TObserver CreateObjectReference<TObserver>(IGrainObserver observer)
        where TObserver : IGrainObserver => _grains.CreateObjectReference<TObserver>(observer);

    public void DeleteObjectReference<TObserver>(TObserver reference)
        where TObserver : IGrainObserver => _grains.DeleteObjectReference(reference);

    /// <summary>
    /// Keeps the current gateway while its connection is open and answering; otherwise moves to the next
    /// one that answers (the current one is tried last). Also the router's "refresh the view" step before
    /// it re-sends a call that could not be sent.
    /// </summary>
    private async Task EnsureGatewayAsync(CancellationToken cancellationToken)
    {
        await _switchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (connections, view) = (_connections, _view);
            if (_leaving || connections is null || view.Current is not { } current
                || (connections.CurrentConnection(current) is not null && _missedProbes < _options.MissedProbesLimit))
            {
                return;
            }

            var failures = new List<string>();
            var at = Array.IndexOf(view.All, current);
            for (var i = 1; i <= view.All.Length; i++)
            {
                var gateway = view.All[(at + i) % view.All.Length];
                if (await TryConnectAsync(gateway, failures, cancellationToken).ConfigureAwait(false))
                {
                    Use(gateway);
                    return;
                }
            }

            LogNoGatewayAnswered(_logger, string.Join("; ", failures));
        }
        finally
        {
            _switchGate.Release();
        }
    }

    private async Task<bool> TryConnectAsync(SiloAddress gateway, List<string> failures, CancellationToken cancellationToken)
    {
        try
        {
            await _connections!.PingAsync(gateway, _time.GetUtcNow() + _options.ProbeTimeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (JobHubException ex)
        {
            failures.Add($"{GatewayAddresses.Format(gateway)}: {ex.Message}");
            return false;
        }
    }

    private void Use(SiloAddress gateway)
    {
        var previous = _view.Current;
        _view = _view with { Current = gateway };
        _missedProbes = 0;
        _router.UpdateRing([gateway]);
        if (_connections?.CurrentConnection(gateway) is { } connection && !ReferenceEquals(connection, _watched))
        {
            // A gateway process that dies closes the connection: move on at once rather than at the next ping.
            _watched = connection;
            _ = connection.Closed.ContinueWith(_ => EnsureGatewayAsync(CancellationToken.None), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        if (previous != gateway)
        {
            LogUsingGateway(_logger, ClientId, GatewayAddresses.Format(gateway));
            if (previous is { } left)
            {
                // A silent gateway may still be alive: closing the connection makes it forget this client, so
                // silos stop sending the client's observer calls there.
                _ = _connections?.DisconnectAsync(left).AsTask();

                // Off the switching lock: a handler typically subscribes again, with calls that may need a gateway.
                var changed = GatewayChanged;
                _ = Task.Run(() => changed?.Invoke(GatewayAddresses.Format(gateway)));
            }
        }
    }

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var gateway = _view.Current!.Value;
        try
        {
            await _connections!.PingAsync(gateway, _time.GetUtcNow() + _options.ProbeTimeout, cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _missedProbes, 0);
        }
        catch (JobHubException ex)
        {
            LogProbeMissed(_logger, GatewayAddresses.Format(gateway), Interlocked.Increment(ref _missedProbes), ex.Message);
            await EnsureGatewayAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (++_probesSinceListRefresh >= GatewayListRefreshProbes)
        {
            _probesSinceListRefresh = 0;
            await RefreshGatewayListAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The gateways known and the one in use, replaced as a whole so readers never see one without the other.</summary>
    private sealed record GatewayView(SiloAddress[] All, SiloAddress? Current);
}
