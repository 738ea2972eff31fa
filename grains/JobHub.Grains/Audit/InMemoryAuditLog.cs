using System.Collections.Concurrent;

namespace JobHub.Grains.Audit;

/// <summary>Keeps audit entries in memory, lost with the process: for tests, and the placeholder until a durable log is registered.</summary>
public sealed class InMemoryAuditLog(TimeProvider time) : IAuditLog
{
    private readonly ConcurrentQueue<(DateTimeOffset At, AuditRecord Record)> _entries = new();

    /// <summary>Every entry so far, oldest first.</summary>
    public IReadOnlyList<(DateTimeOffset At, AuditRecord Record)> Entries => [.. _entries];

    /// <inheritdoc />
    public Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        _entries.Enqueue((time.GetUtcNow(), record));
        return Task.CompletedTask;
    }
}
