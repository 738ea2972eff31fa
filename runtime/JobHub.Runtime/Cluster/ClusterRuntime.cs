using JobHub.Runtime.Core;
using JobHub.Runtime.Hosting;
using JobHub.Runtime.Membership;
using JobHub.Runtime.Networking;
using JobHub.Runtime.Reminders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Cluster;

/// <summary>
/// A clustered silo's moving parts put together: the TCP listener and connections, the membership
/// protocol, and the router. Each new view rebuilds the ring, marks dead silos dead in the transport
/// (so calls to them fail fast), sends away the activations this silo no longer owns, and moves
/// reminders to their range owners. A silo that finds itself declared dead fences itself and stops.
/// </summary>
internal sealed partial class ClusterRuntime : IClusterLifecycle, IClusterMembership, IAsyncDisposable
{
    private readonly Catalog _catalog;
    private readonly ClusterMessageRouter _router;
    private readonly IMembershipTable _table;
    private readonly ReminderService _reminders;
    private readonly LocalSiloDetails _silo;
    private readonly IOptions<NetworkingOptions> _networking;
    private readonly IOptions<MembershipOptions> _membershipOptions;
    private readonly IOptions<ClusterOptions> _cluster;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly ILogger<ClusterRuntime> _logger;
    private readonly DeadSilos _dead = new();
    private readonly NetworkingInstruments _instruments;
    private readonly SemaphoreSlim _viewGate = new(1, 1);
    private ConnectionListener? _listener;
    private ConnectionManager? _connections;
    private MembershipService? _membership;
    private ClusterMembershipView _applied = ClusterMembershipView.Empty;

    public ClusterRuntime(
        Catalog catalog,
        ClusterMessageRouter router,
        IMembershipTable table,
        ReminderService reminders,
        LocalSiloDetails silo,
        IOptions<NetworkingOptions> networking,
        IOptions<MembershipOptions> membership,
        IOptions<ClusterOptions> cluster,
        TimeProvider time,
        NetworkingInstruments instruments,
        ILoggerFactory loggers,
        IHostApplicationLifetime? lifetime = null)
    {
        _catalog = catalog;
        _router = router;
        _table = table;
        _reminders = reminders;
        _silo = silo;
        _networking = networking;
        _membershipOptions = membership;
        _cluster = cluster;
        _time = time;
        _instruments = instruments;
        _loggers = loggers;
        _lifetime = lifetime;
        _logger = loggers.CreateLogger<ClusterRuntime>();
        catalog.Router = router;
    }

    public IReadOnlyList<(uint Begin, uint End)> OwnedRanges => _router.Ring.RangesOf(_silo.Address);

    public ClusterMembershipView View => _membership?.CurrentView ?? ClusterMembershipView.Empty;

    /// <inheritdoc />
    public event Action<ClusterMembershipView>? ViewApplied;

    SiloAddress IClusterMembership.Self => _silo.Address;

    ClusterMembershipView IClusterMembership.CurrentView => _applied;

    public bool IsFenced => _membership?.IsDeclaredDead ?? false;

    /// <summary>The cluster clients connected to this silo as their gateway.</summary>
    public IReadOnlyCollection<string> ConnectedClients => _listener?.ConnectedClients ?? [];

    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        // Connections are fenced by generation, not endpoint, so listening behind a proxy or NAT works.
        var listenPort = _cluster.Value.ListenPort == 0 ? _silo.Address.Port : _cluster.Value.ListenPort;
        _listener = new ConnectionListener(_silo.Address with { Port = listenPort }, _router.HandleInboundAsync, _networking, _dead, _time, _instruments, _loggers);
        _router.AttachGateway(_listener); // every silo is a gateway: clients connect to the silo port
        _listener.Start();
        _connections = new ConnectionManager(PeerIdentity.ForSilo(_silo.Address), _router.HandleInboundAsync, _networking, _dead, _time, _instruments, _loggers);
        _membership = new MembershipService(
            _table,
            new MembershipProber(() => _connections, _time),
            _silo.Address,
            _silo.Name,
            _silo.Address.Port,
            _membershipOptions,
            _time,
            _loggers.CreateLogger<MembershipService>());
        _router.Attach(_connections, _membership.RefreshAsync);
        _membership.ViewChanged += view => _ = OnViewChangedAsync(view);
        _membership.DeclaredDead += OnDeclaredDead;
        await _membership.JoinAsync(cancellationToken).ConfigureAwait(false);
        await OnViewChangedAsync(_membership.CurrentView).ConfigureAwait(false);
        _membership.Start();
    }

    public async Task BeginLeavingAsync(CancellationToken cancellationToken)
    {
        if (_membership is null || _membership.IsDeclaredDead)
        {
            return;
        }

        await _membership.BeginLeavingAsync(cancellationToken).ConfigureAwait(false);
        await _membership.RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task FinishLeavingAsync(CancellationToken cancellationToken)
    {
        if (_membership is { IsDeclaredDead: false })
        {
            await _membership.FinishLeavingAsync(cancellationToken).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_membership is not null)
        {
            await _membership.DisposeAsync().ConfigureAwait(false);
            _membership = null;
        }

        if (_connections is not null)
        {
            await _connections.DisposeAsync().ConfigureAwait(false);
            _connections = null;
        }

        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
            _listener = null;
        }
    }

    private async Task OnViewChangedAsync(ClusterMembershipView view)
    {
        await _viewGate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var member in view.Members.Where(m => m.Status == SiloStatus.Dead && m.Silo != _silo.Address))
            {
                _connections?.MarkDead(member.Silo);
            }

            _router.UpdateRing(view.ActiveSilos);
            _router.UpdateLeavingSilos(view.Members.Where(m => m.Status == SiloStatus.ShuttingDown).Select(m => m.Silo).ToList());
            var moved = _catalog.DeactivateWhere(id => !_router.Owns(id), DeactivationReason.OwnershipChanged);
            LogViewChanged(_logger, view.Version, view.ActiveSilos.Count, moved);
            await _reminders.ReloadAsync(OwnedRanges, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogViewChangeFailed(_logger, ex);
        }
        finally
        {
            _applied = view;
            _viewGate.Release();
        }

        try
        {
            ViewApplied?.Invoke(view);
        }
        catch (Exception ex)
        {
            LogViewChangeFailed(_logger, ex);
        }
    }

    private void OnDeclaredDead()
    {
        _router.Fence();
        LogFenced(_logger, _silo.Address);
        _lifetime?.StopApplication();
    }

    [LoggerMessage(EventId = 510, Level = LogLevel.Information, Message = "Membership view {Version}: {ActiveCount} active silos; {Moved} activations leave this silo")]
    private static partial void LogViewChanged(ILogger logger, int version, int activeCount, int moved);

    [LoggerMessage(EventId = 511, Level = LogLevel.Error, Message = "Applying a membership view failed")]
    private static partial void LogViewChangeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 512, Level = LogLevel.Critical, Message = "Silo {Silo} was declared dead: fenced, serving nothing, stopping")]
    private static partial void LogFenced(ILogger logger, SiloAddress silo);
}
