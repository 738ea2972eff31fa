namespace JobHub.Runtime.Storage;

/// <summary>
/// A grain-state provider. State travels as JSON text; every write and clear carries the ETag the
/// caller last saw, and a mismatch throws <see cref="InconsistentStateException"/> (optimistic concurrency).
/// A null ETag means "I believe no record exists".
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads the stored record, or null when there is none.</summary>
    Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken = default);

    /// <summary>Writes <paramref name="payloadJson"/> if the stored ETag equals <paramref name="expectedEtag"/>; returns the new ETag.</summary>
    Task<string> WriteAsync(string stateName, GrainId grainId, string payloadJson, string? expectedEtag, CancellationToken cancellationToken = default);

    /// <summary>Deletes the record if the stored ETag equals <paramref name="expectedEtag"/>. Clearing a missing record with a null ETag is a no-op.</summary>
    Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken = default);
}
