using Orleans.Placement;

namespace JobHub.Benchmarks.Orleans;

/// <summary>The write loop shared by the writer grains; each subclass names its storage provider.</summary>
public abstract class WriterGrain(IPersistentState<WriterState> state) : Grain, IWriterGrain
{
    public Task Write(int value)
    {
        state.State.Value = value;
        state.State.Text = "job-0123456789ab running on local-1 since 2026-12-02T10:00:00Z";
        return state.WriteStateAsync();
    }
}

/// <summary>JobHub's SQLite group-commit storage (the embedded default).</summary>
[PreferLocalPlacement]
[GrainType("bench-writer-sqlite")]
public sealed class SqliteWriterGrain([PersistentState("w", StorageNames.Sqlite)] IPersistentState<WriterState> state) : WriterGrain(state);

/// <summary>JobHub's PostgreSQL group-commit storage (the cluster default).</summary>
[PreferLocalPlacement]
[GrainType("bench-writer-postgres")]
public sealed class PostgresWriterGrain([PersistentState("w", StorageNames.Postgres)] IPersistentState<WriterState> state) : WriterGrain(state);

/// <summary>Orleans' own ADO.NET grain storage on JobHub's PostgreSQL schema: one transaction per write.</summary>
[PreferLocalPlacement]
[GrainType("bench-writer-adonet")]
public sealed class AdoNetWriterGrain([PersistentState("w", StorageNames.AdoNet)] IPersistentState<WriterState> state) : WriterGrain(state);
