using System.Collections.Immutable;
using JobHub.Contracts.Audit;

namespace JobHub.Grains.Audit;

/// <summary>Keeps audit entries in memory, lost with the process: for tests, and the default until a durable log is chosen.</summary>
public sealed class InMemoryAuditLog(TimeProvider time) : IAuditLog, IAuditLogReader
{
    private readonly Lock _lock = new();
    private readonly List<AuditEntry> _entries = [];

    /// <summary>Every entry so far, oldest first.</summary>
    public IReadOnlyList<(DateTimeOffset At, AuditRecord Record)> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries.Select(e => (e.Time, new AuditRecord(e.Actor, e.Action, e.Target, e.Outcome, e.Detail)))];
            }
        }
    }

    /// <inheritdoc />
    public Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var bounded = AuditFields.Bounded(record);
        lock (_lock)
        {
            _entries.Add(new AuditEntry(_entries.Count + 1, time.GetUtcNow(), bounded.Actor, bounded.Action, bounded.Target, bounded.Outcome, bounded.Detail));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var before = query.Before();
        var limit = query.BoundedLimit;
        List<AuditEntry> found;
        lock (_lock)
        {
            found = [.. Enumerable.Reverse(_entries).Where(e => AuditFields.Matches(query, e, before)).Take(limit + 1)];
        }

        return Task.FromResult(AuditPages.Of(found, limit));
    }
}
