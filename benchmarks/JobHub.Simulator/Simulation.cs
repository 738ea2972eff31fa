using System.Collections.Immutable;
using System.Diagnostics;
using JobHub.Contracts.Jobs;
using JobHub.Grains.Autoscaling.Cluster;
using JobHub.Grains.Autoscaling.Events;
using JobHub.Grains.Autoscaling.Providers;
using JobHub.Grains.Scheduling.FairShare;
using JobHub.Grains.Scheduling.Placement;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Scheduling.Requests;
using JobHub.Grains.Scheduling.Status;

namespace JobHub.Simulator;

/// <summary>
/// A discrete-event run of a trace through the real scheduler, cluster autoscaler and the simulated provider, on a
/// virtual clock: arrivals, job ends, autoscaler ticks (every 10 s, and within 1 s of an arrival) and the provider's
/// boots and interruptions happen in time order.
/// </summary>
public sealed class Simulation
{
    private static readonly DateTimeOffset Epoch = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ReactionTime = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<TraceJob> _trace;
    private readonly SimulationSettings _settings;
    private readonly VirtualTimeProvider _clock = new(Epoch);
    private readonly PriorityQueue<Action, (long Ticks, long Sequence)> _events = new();
    private readonly Dictionary<string, TraceJob> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _arrived = new(StringComparer.Ordinal);
    private readonly List<double> _waits = [];
    private readonly Scheduler _scheduler;
    private readonly SimulatedNodeProvider _provider;
    private readonly ClusterAutoscalerLoop _loop;
    private readonly Stopwatch _schedulerTime = new();
    private long _sequence;
    private int _refused;
    private int _completed;
    private int _failed;
    private int _requeued;
    private int _requeuedAfterInterruption;
    private int _lostCritical;
    private int _peakNodes;
    private double _reservedVcpuSeconds;
    private DateTimeOffset _lastAccounted = Epoch;
    private DateTimeOffset _lastTick = DateTimeOffset.MinValue;
    private bool _tickSoon;

    /// <summary>Sets up the cluster for <paramref name="settings"/>.</summary>
    public Simulation(IReadOnlyList<TraceJob> trace, SimulationSettings settings)
    {
        _trace = trace;
        _settings = settings;
        PoolSpec[] pools =
        [
            new PoolSpec
            {
                Name = "cpu",
                NodeSize = new ResourceAmount(32_000, 131_072, 0),
                PricePerHour = 1.50m,
                MaxNodes = settings.MaxNodes,
                HeadroomPercentOfReserved = settings.HeadroomPercent,
                HeadroomFreeNodes = settings.HeadroomFreeNodes,
                ScaleDownDelay = settings.ScaleDownDelay,
                MinimumBillingPeriod = settings.MinimumBillingPeriod,
                ProvisioningTimeout = TimeSpan.FromMinutes(10),
            },
            new PoolSpec
            {
                Name = "spot",
                NodeSize = new ResourceAmount(32_000, 131_072, 0),
                PricePerHour = 0.50m,
                MaxNodes = settings.MaxSpotNodes,
                ScaleDownDelay = settings.ScaleDownDelay,
                MinimumBillingPeriod = settings.MinimumBillingPeriod,
                ProvisioningTimeout = TimeSpan.FromMinutes(10),
                Labels = [PoolSpec.SpotLabel],
            },
        ];
        _scheduler = new Scheduler(pools, new SchedulerPolicy { DefaultUserVcpuCap = settings.UserVcpuCap, HalfLife = TimeSpan.FromHours(1) }, _clock);
        _provider = new SimulatedNodeProvider(
            new SimulatedNodeProviderOptions
            {
                Seed = settings.Seed,
                BootTime = TimeSpan.FromSeconds(90),
                BootJitter = TimeSpan.FromSeconds(60),
                FailureRate = settings.FailureRate,
                SpotInterruptionsPerNodeHour = settings.SpotInterruptionsPerNodeHour,
            },
            _clock);
        var interrupted = new HashSet<string>(StringComparer.Ordinal);
        _provider.NodeChanged += (_, change) =>
        {
            if (change.Kind == NodeProviderEventKind.Interrupted)
            {
                interrupted.Add(change.NodeId); // seen before the loop removes the node (handlers run in order)
            }
        };
        _loop = new ClusterAutoscalerLoop(_scheduler, new ClusterAutoscaler(_clock, settings.MaxNodes + settings.MaxSpotNodes), [_provider], new PoolEventLog(10_000), _clock);
        _loop.NodeRemoved += (_, removal) =>
        {
            _requeued += removal.Requeued.Length;
            if (interrupted.Contains(removal.NodeId))
            {
                _requeuedAfterInterruption += removal.Requeued.Length;
            }
            _lostCritical += removal.LostCritical.Length;
            foreach (var jobId in removal.LostCritical.Select(p => p.JobId).Distinct())
            {
                _scheduler.ReleaseJob(jobId);
                _running.Remove(jobId);
                _failed++;
            }
        };
    }

    /// <summary>The pool events (for inspection).</summary>
    public PoolEventLog Events => _loop.Events;

    /// <summary>Runs the whole trace until every job ended.</summary>
    public async Task<SimulationReport> RunAsync(CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        foreach (var job in _trace)
        {
            At(Epoch.AddSeconds(job.ArrivalSeconds), () => Arrive(job));
        }

        At(Epoch, Tick);
        while (NextTime() is { } next)
        {
            Account(next);
            _clock.AdvanceTo(next); // the provider's boots and interruptions up to now, in order
            while (_events.TryPeek(out _, out var key) && key.Ticks <= next.UtcTicks)
            {
                _events.Dequeue()();
            }

            Place();
            if (_tickSoon)
            {
                _tickSoon = false;
                await _loop.RunOnceAsync(cancellationToken);
                Place();
                _peakNodes = Math.Max(_peakNodes, _provider.RunningNodes);
            }

            if (_completed + _failed + _refused == _trace.Count || next - Epoch > TimeSpan.FromDays(30))
            {
                break;
            }
        }

        var span = _clock.GetUtcNow() - Epoch;
        var paid = _provider.PaidNodeHours();
        var ordered = _waits.Order().ToArray();
        var scaleEvents = _scheduler.Pools.SelectMany(p => _loop.Events.Of(p.Name)).ToArray();
        return new SimulationReport
        {
            Label = _settings.Label,
            Jobs = _trace.Count,
            Refused = _refused,
            Completed = _completed,
            Failed = _failed,
            WaitP50Seconds = Percentile(ordered, 0.50),
            WaitP99Seconds = Percentile(ordered, 0.99),
            WaitMaxSeconds = ordered.Length == 0 ? 0 : ordered[^1],
            WaitMeanSeconds = ordered.Length == 0 ? 0 : ordered.Average(),
            WaitedOverAMinute = ordered.Length == 0 ? 0 : ordered.Count(w => w > 60) / (double)ordered.Length,
            NodeHoursPaid = paid,
            Cost = Math.Round(_provider.Cost(), 2),
            Utilisation = paid <= 0 ? 0 : _reservedVcpuSeconds / 3600 / (paid * 32),
            PeakNodes = _peakNodes,
            ScaleUps = scaleEvents.Count(e => e.Kind == PoolEventKind.ScaleUp),
            ScaleDowns = scaleEvents.Count(e => e.Kind == PoolEventKind.ScaleDown),
            Replacements = scaleEvents.Count(e => e.Kind == PoolEventKind.NodeReplaced),
            SpotInterruptions = _provider.Interruptions,
            RequeuedWorkers = _requeued,
            RequeuedAfterInterruption = _requeuedAfterInterruption,
            InterruptedCriticalProcesses = _lostCritical,
            Placements = _scheduler.Placements,
            SimulatedSpan = span,
            WallClock = wall.Elapsed,
            SchedulerWallClock = _schedulerTime.Elapsed,
        };
    }

    internal static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private DateTimeOffset? NextTime()
    {
        DateTimeOffset? next = _events.TryPeek(out _, out var key) ? new DateTimeOffset(key.Ticks, TimeSpan.Zero) : null;
        if (_clock.NextDue is { } due && (next is null || due < next))
        {
            next = due;
        }

        return next;
    }

    private void At(DateTimeOffset time, Action action) => _events.Enqueue(action, (time.UtcTicks, ++_sequence));

    private void Account(DateTimeOffset next)
    {
        _reservedVcpuSeconds += (double)_scheduler.Reserved.Vcpu * (next - _lastAccounted).TotalSeconds;
        _lastAccounted = next;
    }

    private void Tick()
    {
        _tickSoon = true;
        _lastTick = _clock.GetUtcNow();
        if (_completed + _failed + _refused < _trace.Count)
        {
            At(_clock.GetUtcNow() + TickInterval, Tick);
        }
    }

    private void Arrive(TraceJob job)
    {
        var now = _clock.GetUtcNow();
        var request = ToRequest(job);
        if (_scheduler.Submit(request) is { Kind: PendingReasonKind.ResourceMisfit })
        {
            _refused++;
            return;
        }

        _arrived[job.JobId] = now;
        _running[job.JobId] = job;

        // The loop reacts to new work within a second, not at the next 10-second tick.
        if (now - _lastTick >= ReactionTime)
        {
            At(now + ReactionTime, () => _tickSoon = true);
            _lastTick = now;
        }
    }

    private void Place()
    {
        _schedulerTime.Start();
        var placed = _scheduler.Schedule();
        _schedulerTime.Stop();
        var now = _clock.GetUtcNow();
        foreach (var jobId in placed.Select(p => p.JobId).Distinct())
        {
            if (_arrived.Remove(jobId, out var arrival) && _scheduler.IsStarted(jobId))
            {
                _waits.Add((now - arrival).TotalSeconds);
                var job = _running[jobId];
                At(now.AddSeconds(job.DurationSeconds), () => Complete(jobId));
            }
        }
    }

    private void Complete(string jobId)
    {
        if (_running.Remove(jobId))
        {
            _scheduler.ReleaseJob(jobId);
            _completed++;
        }
    }

    private static PlacementRequest ToRequest(TraceJob job)
    {
        var each = new ResourceAmount((long)(job.Vcpu * 1000), job.MemoryMiB, 0);
        var isFixed = job.Kind == "fixed";
        return new PlacementRequest
        {
            JobId = job.JobId,
            Owner = job.User,
            Groups = [job.Group],
            Priority = job.Priority,
            Selector = job.SpotOk ? new PoolSelector() : PoolSelector.Named("cpu"),
            Processes = [.. Enumerable.Range(0, job.Processes).Select(i => new ProcessRequest(i, i == 0 ? WorkerRole.Master : WorkerRole.Worker, each, Critical: i == 0 || isFixed))],
            GangSize = isFixed ? job.Gang : 1,
            FixedPool = isFixed,
        };
    }
}
