using System.Collections.Concurrent;
using System.Globalization;

namespace JobHub.Runtime.Reminders;

/// <summary>In-memory reminder table for tests; lost with the process.</summary>
public sealed class MemoryReminderTable : IReminderTable
{
    private readonly ConcurrentDictionary<(GrainId GrainId, string Name), ReminderEntry> _rows = new();
    private long _version;

    public Task<ReminderEntry> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var stored = entry with { Etag = Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture) };
        _rows[(entry.GrainId, entry.Name)] = stored;
        return Task.FromResult(stored);
    }

    public Task<bool> RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_rows.TryRemove((grainId, name), out _));

    public Task<ReminderEntry?> ReadAsync(GrainId grainId, string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_rows.TryGetValue((grainId, name), out var row) ? row : null);

    public Task<IReadOnlyList<ReminderEntry>> ReadAllForGrainAsync(GrainId grainId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ReminderEntry>>(_rows.Values.Where(r => r.GrainId == grainId).ToList());

    public Task<IReadOnlyList<ReminderEntry>> ReadRangeAsync(uint begin, uint end, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ReminderEntry>>(_rows.Values.Where(r => RingRange.Contains(begin, end, r.GrainHash)).ToList());
}
