using JobHub.Runtime.Core;
using JobHub.Runtime.Hosting;
using JobHub.Runtime.Membership;
using JobHub.Runtime.Networking;
using JobHub.Runtime.Timers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Cluster;

/// <summary>
/// A cluster client: it hosts no grains and is not a member. It reads the membership table to learn
/// the active silos, builds the same ring they do, and sends each call straight to the owning silo
/// over TCP (identifying itself as a client in the handshake). When a silo dies, the table changes,
/// the client's ring follows within a refresh period, and calls go to the new owners.
/// </summary>
internal sealed partial class ClusterClientRuntime : IClusterLifecycle, IAsyncDisposable
{
    private readonly ClusterMessageRouter _router;
    private readonly IMembershipTable _table;
    private readonly IOptions<NetworkingOptions> _networking;
    private readonly MembershipOptions _membership;
    private readonly TimeProvider _time;
    private readonly NetworkingInstruments _instruments;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<ClusterClientRuntime> _logger;
    private readonly string _clientId = "client-" + Guid.NewGuid().ToString("N")[..12];
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private ConnectionManager? _connections;
    private PeriodicWork? _loop;
    private int _viewVersion = -1;

    public ClusterClientRuntime(
        Catalog catalog,
        ClusterMessageRouter router,
        IMembershipTable table,
        IOptions<NetworkingOptions> networking,
        IOptions<MembershipOptions> membership,
        TimeProvider time,
        NetworkingInstruments instruments,
        ILoggerFactory loggers)
    {
        _router = router;
        _table = table;
        _networking = networking;
        _membership = membership.Value;
        _time = time;
        _instruments = instruments;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ClusterClientRuntime>();
        catalog.Router = router;
    }

    public IReadOnlyList<(uint Begin, uint End)> OwnedRanges => [];

    public IReadOnlyList<SiloAddress> ActiveSilos { get; private set; } = [];

    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        _connections = new ConnectionManager(PeerIdentity.ForClient(_clientId), _router.HandleInboundAsync, _networking, new DeadSilos(), _time, _instruments, _loggers);
        _router.Attach(_connections, RefreshAsync);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        if (ActiveSilos.Count == 0)
        {
            throw new SiloUnavailableException("The membership table lists no active silo: there is no cluster to connect to.");
        }

        _loop = new PeriodicWork(_membership.ProbePeriod, _time, RefreshAsync, ex => LogRefreshFailed(_logger, ex));
        _loop.Start();
    }

    public Task BeginLeavingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task FinishLeavingAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (_loop is not null)
        {
            await _loop.DisposeAsync().ConfigureAwait(false);
            _loop = null;
        }

        if (_connections is not null)
        {
            await _connections.DisposeAsync().ConfigureAwait(false);
            _connections = null;
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var data = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            if (data.Version.Version == _viewVersion)
            {
                return;
            }

            _viewVersion = data.Version.Version;
            foreach (var dead in data.Rows.Where(r => r.Entry.Status == SiloStatus.Dead))
            {
                _connections?.MarkDead(dead.Entry.Silo);
            }

            ActiveSilos = data.Rows.Where(r => r.Entry.Status == SiloStatus.Active).Select(r => r.Entry.Silo).ToList();
            _router.UpdateRing(ActiveSilos);
            LogView(_logger, _viewVersion, ActiveSilos.Count);
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    [LoggerMessage(EventId = 520, Level = LogLevel.Information, Message = "Client view {Version}: {ActiveCount} active silos")]
    private static partial void LogView(ILogger logger, int version, int activeCount);

    [LoggerMessage(EventId = 521, Level = LogLevel.Warning, Message = "Reading the membership table failed; the client keeps its last view")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
