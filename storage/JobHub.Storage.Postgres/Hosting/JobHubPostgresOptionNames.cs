namespace JobHub.Storage.Postgres;

/// <summary>
/// The names of the <see cref="JobHubPostgresOptions"/> instances the hosting extensions configure, for code that
/// needs the same database (e.g. <c>registry.Get(monitor.Get(JobHubPostgresOptionNames.Clustering))</c>).
/// <see cref="PostgresGrainStorageOptions"/> instances are named after their storage.
/// </summary>
public static class JobHubPostgresOptionNames
{
    /// <summary>The options of <c>UsePostgresClustering</c> (silo and client).</summary>
    public const string Clustering = "JobHub.Postgres.Clustering";

    /// <summary>The options of <c>UsePostgresReminderService</c>.</summary>
    public const string Reminders = "JobHub.Postgres.Reminders";

    /// <summary>The options of <c>AddAdoNetPostgresGrainStorage</c> for the storage <paramref name="storageName"/>.</summary>
    public static string AdoNetGrainStorage(string storageName) => "JobHub.Postgres.AdoNetGrainStorage." + storageName;
}
