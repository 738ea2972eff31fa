using System.Collections.Concurrent;
using System.Globalization;

namespace JobHub.Runtime.Storage;

/// <summary>In-memory grain storage for tests: same ETag contract as the durable providers, lost with the process.</summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<(string StateName, GrainId GrainId), GrainStateRecord> _records = new();
    private long _version;

    public Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_records.TryGetValue((stateName, grainId), out var record) ? record : null);

    public Task<string> WriteAsync(string stateName, GrainId grainId, string payloadJson, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        var key = (stateName, grainId);
        var etag = Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);
        var next = new GrainStateRecord(payloadJson, etag);
        if (expectedEtag is null)
        {
            if (!_records.TryAdd(key, next))
            {
                throw Conflict(stateName, grainId, expectedEtag);
            }

            return Task.FromResult(etag);
        }

        if (!_records.TryGetValue(key, out var current) || current.Etag != expectedEtag || !_records.TryUpdate(key, next, current))
        {
            throw Conflict(stateName, grainId, expectedEtag);
        }

        return Task.FromResult(etag);
    }

    public Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        var key = (stateName, grainId);
        if (!_records.TryGetValue(key, out var current))
        {
            return expectedEtag is null ? Task.CompletedTask : throw Conflict(stateName, grainId, expectedEtag);
        }

        if (current.Etag != expectedEtag || !_records.TryRemove(new KeyValuePair<(string, GrainId), GrainStateRecord>(key, current)))
        {
            throw Conflict(stateName, grainId, expectedEtag);
        }

        return Task.CompletedTask;
    }

    private InconsistentStateException Conflict(string stateName, GrainId grainId, string? expectedEtag) =>
        new(stateName, grainId, expectedEtag, _records.TryGetValue((stateName, grainId), out var stored) ? stored.Etag : null);
}
