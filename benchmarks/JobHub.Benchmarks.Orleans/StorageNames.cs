namespace JobHub.Benchmarks.Orleans;

internal static class StorageNames
{
    public const string Sqlite = "bench-sqlite";
    public const string Postgres = "bench-postgres";
    public const string AdoNet = "bench-adonet";
}
