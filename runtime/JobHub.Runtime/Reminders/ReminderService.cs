using System.Collections.Concurrent;
using JobHub.Runtime.Hosting;
using JobHub.Runtime.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Reminders;

/// <summary>
/// Fires durable reminders. Registrations are written to the <see cref="IReminderTable"/> first, so a
/// reminder registered before a restart fires after it: at start the service loads the reminders of
/// the ring range it owns (all of it in a single silo) and schedules the next tick of each.
/// Ticks follow the grid StartAt + k × Period; ticks missed while no silo ran are not replayed.
/// </summary>
internal sealed partial class ReminderService : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(GrainId GrainId, string Name), ScheduledReminder> _scheduled = new();
    private readonly IReminderTable _table;
    private readonly IGrainFactory _grains;
    private readonly GrainTypeRegistry _registry;
    private readonly TimeProvider _time;
    private readonly JobHubRuntimeOptions _options;
    private readonly ILogger<ReminderService> _logger;
    private volatile bool _stopped;

    public ReminderService(IReminderTable table, IGrainFactory grains, GrainTypeRegistry registry, TimeProvider time, IOptions<JobHubRuntimeOptions> options, ILogger<ReminderService> logger)
    {
        _table = table;
        _grains = grains;
        _registry = registry;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Loads and schedules the reminders whose grains hash into (begin, end]; begin == end is the whole ring.</summary>
    public async Task StartAsync(uint rangeBegin, uint rangeEnd, CancellationToken cancellationToken)
    {
        var rows = await _table.ReadRangeAsync(rangeBegin, rangeEnd, cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            Schedule(row);
        }

        LogLoaded(_logger, rows.Count);
    }

    /// <summary>
    /// The ring ranges this silo owns changed: stop firing reminders outside them, and load and arm
    /// those inside them (a dead silo's reminders move to their new owners this way).
    /// </summary>
    public async Task ReloadAsync(IReadOnlyList<(uint Begin, uint End)> ranges, CancellationToken cancellationToken)
    {
        foreach (var (key, scheduled) in _scheduled)
        {
            if (!ranges.Any(r => RingRange.Contains(r.Begin, r.End, key.GrainId.StableHash)) && _scheduled.TryRemove(key, out _))
            {
                scheduled.Dispose();
            }
        }

        foreach (var (begin, end) in ranges)
        {
            foreach (var row in await _table.ReadRangeAsync(begin, end, cancellationToken).ConfigureAwait(false))
            {
                if (!_scheduled.ContainsKey((row.GrainId, row.Name)))
                {
                    Schedule(row);
                }
            }
        }
    }

    public async Task<IGrainReminder> RegisterOrUpdateAsync(GrainId grainId, string name, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_registry.FindClass(grainId.Type) is not { IsRemindable: true } grainClass)
        {
            throw new InvalidOperationException($"Grain {grainId} registers reminder '{name}' but its class does not implement IRemindable.");
        }

        if (period < _options.MinimumReminderPeriod)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, $"Reminder '{name}' of {grainClass.ClassType.Name}: the period must be at least {_options.MinimumReminderPeriod} (MinimumReminderPeriod).");
        }

        if (dueTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "A reminder's due time cannot be negative.");
        }

        var entry = await _table.UpsertAsync(new ReminderEntry(grainId, name, _time.GetUtcNow() + dueTime, period)).ConfigureAwait(false);
        Schedule(entry);
        return new GrainReminder(name, entry.StartAt, period);
    }

    public async Task UnregisterAsync(GrainId grainId, string name)
    {
        if (_scheduled.TryRemove((grainId, name), out var scheduled))
        {
            scheduled.Dispose();
        }

        await _table.RemoveAsync(grainId, name).ConfigureAwait(false);
    }

    public async Task<IGrainReminder?> GetAsync(GrainId grainId, string name)
    {
        var entry = await _table.ReadAsync(grainId, name).ConfigureAwait(false);
        return entry is null ? null : new GrainReminder(entry.Name, entry.StartAt, entry.Period);
    }

    public async Task<IReadOnlyList<IGrainReminder>> GetAllAsync(GrainId grainId)
    {
        var entries = await _table.ReadAllForGrainAsync(grainId).ConfigureAwait(false);
        return entries.Select(e => (IGrainReminder)new GrainReminder(e.Name, e.StartAt, e.Period)).ToList();
    }

    /// <summary>Stops firing (the table keeps the reminders for the next start).</summary>
    public ValueTask DisposeAsync()
    {
        _stopped = true;
        foreach (var (_, scheduled) in _scheduled)
        {
            scheduled.Dispose();
        }

        _scheduled.Clear();
        return ValueTask.CompletedTask;
    }

    private void Schedule(ReminderEntry entry)
    {
        if (_stopped)
        {
            return;
        }

        var next = new ScheduledReminder(this, entry);
        _scheduled.AddOrUpdate((entry.GrainId, entry.Name), next, (_, old) =>
        {
            old.Dispose();
            return next;
        });
        next.ArmNext();
    }

    private async Task DeliverAsync(ScheduledReminder reminder, DateTimeOffset tickTime)
    {
        var entry = reminder.Entry;
        try
        {
            await _grains.GetGrain<IRemindable>(entry.GrainId)
                .ReceiveReminder(entry.Name, new TickStatus(entry.StartAt, entry.Period, tickTime))
                .ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogTickFailed(_logger, ex, entry.Name, entry.GrainId);
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Loaded {Count} reminders")]
    private static partial void LogLoaded(ILogger logger, int count);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Reminder {Name} of {GrainId} failed to tick")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, string name, GrainId grainId);

    /// <summary>One reminder's timer, armed for the next point of its grid and re-armed at each tick.</summary>
    private sealed class ScheduledReminder(ReminderService service, ReminderEntry entry) : IDisposable
    {
        private readonly Lock _lock = new();
        private ITimer? _timer;
        private int _delivering;
        private bool _disposed;

        public ReminderEntry Entry { get; } = entry;

        public void ArmNext() => Arm(FirstTickAtOrAfter(service._time.GetUtcNow()));

        public void Dispose()
        {
            lock (_lock)
            {
                _disposed = true;
                _timer?.Dispose();
            }
        }

        private DateTimeOffset FirstTickAtOrAfter(DateTimeOffset time)
        {
            if (time <= Entry.StartAt)
            {
                return Entry.StartAt;
            }

            var periods = (long)Math.Ceiling((time - Entry.StartAt).Ticks / (double)Entry.Period.Ticks);
            return Entry.StartAt + TimeSpan.FromTicks(Entry.Period.Ticks * periods);
        }

        private void Arm(DateTimeOffset tickTime)
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                _timer?.Dispose();
                var delay = tickTime - service._time.GetUtcNow();
                _timer = service._time.CreateTimer(_ => Fire(tickTime), null, delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
        }

        private void Fire(DateTimeOffset tickTime)
        {
            // Re-arm on the grid first (never in the past, so a late tick does not cause a burst);
            // a tick still being delivered makes this one skip rather than pile up.
            var now = service._time.GetUtcNow();
            Arm(FirstTickAtOrAfter((now > tickTime ? now : tickTime) + TimeSpan.FromTicks(1)));
            if (Interlocked.Exchange(ref _delivering, 1) == 1)
            {
                return;
            }

            _ = service.DeliverAsync(this, tickTime).ContinueWith(_ => Volatile.Write(ref _delivering, 0), TaskScheduler.Default);
        }
    }
}
