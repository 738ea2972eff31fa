using JobHub.Runtime.Timers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Membership;

/// <summary>
/// This silo's part in the membership protocol (after Orleans): join by writing its row, keep the
/// view fresh from the table, write IAmAlive, probe a few ring successors, vote a silo that misses
/// probes suspect, and declare it dead once enough fresh votes agree (with a single possible voter,
/// once its IAmAlive is also stale). A silo that finds its own row dead stops serving (fencing).
/// Every row change is a compare-and-swap on the row and table version, so concurrent silos never
/// lose each other's writes; a lost race is simply retried on the next tick.
/// </summary>
public sealed partial class MembershipService : IAsyncDisposable
{
    private readonly IMembershipTable _table;
    private readonly ISiloProber _prober;
    private readonly MembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MembershipService> _logger;
    private readonly Dictionary<SiloAddress, int> _missedProbes = [];
    private readonly SemaphoreSlim _tickGate = new(1, 1);
    private PeriodicWork? _loop;
    private DateTimeOffset _lastIAmAlive = DateTimeOffset.MinValue;
    private int _declaredDeadRaised;

    public MembershipService(
        IMembershipTable table,
        ISiloProber prober,
        SiloAddress self,
        string siloName,
        int gatewayPort,
        IOptions<MembershipOptions> options,
        TimeProvider time,
        ILogger<MembershipService> logger)
    {
        _table = table;
        _prober = prober;
        Self = self;
        SiloName = siloName;
        GatewayPort = gatewayPort;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised (on the membership loop) whenever the table version or the set of active silos changes.</summary>
    public event Action<ClusterMembershipView>? ViewChanged;

    /// <summary>Raised once when this silo reads its own row as dead: it must stop serving.</summary>
    public event Action? DeclaredDead;

    public SiloAddress Self { get; }

    public string SiloName { get; }

    public int GatewayPort { get; }

    public ClusterMembershipView CurrentView { get; private set; } = ClusterMembershipView.Empty;

    public bool IsDeclaredDead => Volatile.Read(ref _declaredDeadRaised) == 1;

    /// <summary>Writes this silo's row (Joining, then Active), superseding older incarnations on the same endpoint.</summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        await _table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var me = new MembershipEntry(Self, SiloStatus.Joining, SiloName, Environment.MachineName, GatewayPort, now, now, []);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var data = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            if (data.Rows.Any(r => SameEndpoint(r.Entry.Silo) && r.Entry.Silo.Generation > Self.Generation))
            {
                throw new InvalidOperationException($"A newer incarnation of {Self.Host}:{Self.Port} is in the membership table; this silo ({Self}) is stale and must not join.");
            }

            var predecessor = data.Rows.FirstOrDefault(r => SameEndpoint(r.Entry.Silo) && r.Entry.Silo.Generation < Self.Generation && r.Entry.Status != SiloStatus.Dead);
            if (predecessor.Entry is not null)
            {
                // A restart on the same endpoint: the old incarnation is certainly gone.
                if (await _table.UpdateRowAsync(predecessor.Entry with { Status = SiloStatus.Dead }, predecessor.Etag, data.Version.Next(), cancellationToken).ConfigureAwait(false))
                {
                    LogDeclaredDead(_logger, predecessor.Entry.Silo, "superseded by a restart on the same endpoint");
                }

                continue;
            }

            if (await _table.InsertRowAsync(me, data.Version.Next(), cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        await ProbeLiveSilosBeforeJoiningAsync(cancellationToken).ConfigureAwait(false);
        await SetOwnStatusAsync(SiloStatus.Active, cancellationToken).ConfigureAwait(false);
        await RefreshViewAsync(cancellationToken).ConfigureAwait(false);
        LogJoined(_logger, Self, CurrentView.ActiveSilos.Count);
    }

    /// <summary>Runs <see cref="TickAsync"/> every probe period until disposed.</summary>
    // The table may be briefly unreachable: keep serving, retry next tick (safety over liveness).
    public void Start()
    {
        _loop = new PeriodicWork(_options.ProbePeriod, _time, TickAsync, ex => LogTickFailed(_logger, ex));
        _loop.Start();
    }

    /// <summary>One round: refresh the view, heartbeat, probe, vote. Safe to call concurrently (rounds do not overlap).</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await _tickGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RefreshViewAsync(cancellationToken).ConfigureAwait(false);
            if (IsDeclaredDead)
            {
                return;
            }

            var now = _time.GetUtcNow();
            if (now - _lastIAmAlive >= _options.IAmAlivePeriod)
            {
                await _table.UpdateIAmAliveAsync(Self, now, cancellationToken).ConfigureAwait(false);
                _lastIAmAlive = now;
            }

            await ProbeAndVoteAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _tickGate.Release();
        }
    }

    /// <summary>Re-reads the table now (a caller found its view out of date).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _tickGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RefreshViewAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _tickGate.Release();
        }
    }

    /// <summary>Graceful leave, first step: others stop placing new grains here.</summary>
    public Task BeginLeavingAsync(CancellationToken cancellationToken) => SetOwnStatusAsync(SiloStatus.ShuttingDown, cancellationToken);

    /// <summary>Graceful leave, last step: this silo is gone.</summary>
    public Task FinishLeavingAsync(CancellationToken cancellationToken) => SetOwnStatusAsync(SiloStatus.Dead, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_loop is not null)
        {
            await _loop.DisposeAsync().ConfigureAwait(false);
        }

        _tickGate.Dispose();
    }

    private bool SameEndpoint(SiloAddress other) => other.Host == Self.Host && other.Port == Self.Port;

    private async Task ProbeLiveSilosBeforeJoiningAsync(CancellationToken cancellationToken)
    {
        var data = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var live = data.Rows.Select(r => r.Entry)
            .Where(e => e.Status == SiloStatus.Active && e.Silo != Self && now - e.IAmAliveTime < _options.IAmAliveStaleness)
            .ToList();
        var answers = await Task.WhenAll(live.Select(e => ProbeOnceAsync(e.Silo, cancellationToken))).ConfigureAwait(false);
        foreach (var (entry, answered) in live.Zip(answers))
        {
            if (!answered)
            {
                LogJoinProbeFailed(_logger, entry.Silo);
            }
        }
    }

    private async Task RefreshViewAsync(CancellationToken cancellationToken)
    {
        var data = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var view = new ClusterMembershipView(data.Version.Version, data.Rows.Select(r => r.Entry).ToList());
        var previous = CurrentView;
        CurrentView = view;
        if (view.StatusOf(Self) == SiloStatus.Dead && Interlocked.Exchange(ref _declaredDeadRaised, 1) == 0)
        {
            LogFoundSelfDead(_logger, Self);
            DeclaredDead?.Invoke();
        }

        if (view.Version != previous.Version || !view.ActiveSilos.SequenceEqual(previous.ActiveSilos))
        {
            ViewChanged?.Invoke(view);
        }
    }

    private async Task ProbeAndVoteAsync(CancellationToken cancellationToken)
    {
        var targets = ProbeTargets();
        foreach (var gone in _missedProbes.Keys.Except(targets).ToList())
        {
            _missedProbes.Remove(gone);
        }

        var answers = await Task.WhenAll(targets.Select(t => ProbeOnceAsync(t, cancellationToken))).ConfigureAwait(false);
        foreach (var (target, answered) in targets.Zip(answers))
        {
            if (answered)
            {
                _missedProbes[target] = 0;
                continue;
            }

            var missed = _missedProbes[target] = _missedProbes.GetValueOrDefault(target) + 1;
            LogProbeMissed(_logger, target, missed);
            if (missed >= _options.MissedProbesLimit)
            {
                await VoteAsync(target, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The next few active silos after this one in address order: every silo is watched by several others.</summary>
    private List<SiloAddress> ProbeTargets()
    {
        var ordered = CurrentView.ActiveSilos.Append(Self).Distinct().OrderBy(s => s.ToString(), StringComparer.Ordinal).ToList();
        var me = ordered.IndexOf(Self);
        return Enumerable.Range(1, Math.Min(_options.ProbedSilosCount, ordered.Count - 1))
            .Select(i => ordered[(me + i) % ordered.Count])
            .ToList();
    }

    private async Task<bool> ProbeOnceAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ProbeTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await _prober.ProbeAsync(target, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or JobHubException or System.Net.Sockets.SocketException or TimeoutException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }
    }

    private async Task VoteAsync(SiloAddress suspect, CancellationToken cancellationToken)
    {
        var data = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var row = data.Rows.FirstOrDefault(r => r.Entry.Silo == suspect);
        if (row.Entry is null || row.Entry.Status == SiloStatus.Dead)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var votes = row.Entry.Suspicions
            .Where(v => v.Voter != Self && now - v.At < _options.VoteExpiration)
            .Append(new SuspectVote(Self, now))
            .ToList();
        var possibleVoters = data.Rows.Count(r => r.Entry.Status == SiloStatus.Active && r.Entry.Silo != suspect);
        var required = Math.Max(1, Math.Min(_options.VotesForDeathDeclaration, possibleVoters));
        var enoughVotes = votes.Count >= required;
        var lonelyVoter = required < _options.VotesForDeathDeclaration;
        var stale = now - row.Entry.IAmAliveTime > _options.IAmAliveStaleness;
        var declare = enoughVotes && (!lonelyVoter || stale);
        var updated = row.Entry with { Suspicions = votes, Status = declare ? SiloStatus.Dead : row.Entry.Status };
        if (await _table.UpdateRowAsync(updated, row.Etag, data.Version.Next(), cancellationToken).ConfigureAwait(false))
        {
            if (declare)
            {
                LogDeclaredDead(_logger, suspect, $"{votes.Count} vote(s) after {_options.MissedProbesLimit} missed probes");
                _missedProbes.Remove(suspect);
                await RefreshViewAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                LogVotedSuspect(_logger, suspect, votes.Count, required);
            }
        }
    }

    private async Task SetOwnStatusAsync(SiloStatus status, CancellationToken cancellationToken)
    {
        while (true)
        {
            var data = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            var row = data.Rows.FirstOrDefault(r => r.Entry.Silo == Self);
            if (row.Entry is null)
            {
                throw new InvalidOperationException($"Silo {Self} has no row in the membership table.");
            }

            if (row.Entry.Status == SiloStatus.Dead && status != SiloStatus.Dead)
            {
                throw new InvalidOperationException($"Silo {Self} was declared dead by the cluster and cannot become {status}.");
            }

            var now = _time.GetUtcNow();
            if (await _table.UpdateRowAsync(row.Entry with { Status = status, IAmAliveTime = now }, row.Etag, data.Version.Next(), cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Silo {Silo} joined the cluster ({ActiveCount} active silos)")]
    private static partial void LogJoined(ILogger logger, SiloAddress silo, int activeCount);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Silo {Silo} declared dead: {Reason}")]
    private static partial void LogDeclaredDead(ILogger logger, SiloAddress silo, string reason);

    [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Probe of {Silo} missed ({Missed} in a row)")]
    private static partial void LogProbeMissed(ILogger logger, SiloAddress silo, int missed);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Voted {Silo} suspect ({Votes} of {Required} votes)")]
    private static partial void LogVotedSuspect(ILogger logger, SiloAddress silo, int votes, int required);

    [LoggerMessage(EventId = 404, Level = LogLevel.Critical, Message = "This silo ({Silo}) was declared dead by the cluster: it stops serving")]
    private static partial void LogFoundSelfDead(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 405, Level = LogLevel.Warning, Message = "Membership round failed; retrying next period")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 406, Level = LogLevel.Warning, Message = "Silo {Silo} did not answer while this silo joined; the failure detector will decide")]
    private static partial void LogJoinProbeFailed(ILogger logger, SiloAddress silo);
}
