namespace JobHub.Silo.Hosting;

/// <summary>Settings of the silo host. Bound from the "JobHub:Silo" configuration section.</summary>
public sealed class JobHubSiloOptions
{
    public const string SectionName = "JobHub:Silo";

    /// <summary>The address the REST API listens on when no --urls / ASPNETCORE_URLS is given (default http://127.0.0.1:5080).</summary>
    public string DefaultUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// Folder for the SQLite files (state, logs, job list) and, unless configured on their own, the job folders
    /// (<c>JobHub:Agent:WorkRoot</c>) and the blob store (<c>JobHub:Agent:BlobRoot</c>). Default "data", relative to the working folder.
    /// </summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>This silo's name in the cluster view (default: the machine name).</summary>
    public string Name { get; set; } = Environment.MachineName;

    /// <summary>
    /// How long a graceful stop (SIGTERM, Ctrl-C) may take before the process exits anyway (default 10 s).
    /// Activations still deactivating then lose state written after their last explicit write.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Where grain state and reminders live: "sqlite" (default: <c>jobhub.db</c> under the data folder, written by
    /// JobHub's group-commit provider) or "postgres" (needs <see cref="PostgresConnectionString"/>; required for a
    /// cluster, whose membership table is in PostgreSQL too).
    /// </summary>
    public string Storage { get; set; } = "sqlite";

    /// <summary>The PostgreSQL connection string when <see cref="Storage"/> is "postgres".</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// The PostgreSQL schema of grain state, reminders, membership, job logs and the job list when <see cref="Storage"/>
    /// is "postgres" (default "public"; created when missing). Separate schemas keep separate installations (or test
    /// runs) apart in one database; every silo of a cluster needs the same.
    /// </summary>
    public string PostgresSchema { get; set; } = "public";

    /// <summary>
    /// Join a cluster of silos through Orleans' membership table in PostgreSQL (default false: the embedded single
    /// silo with localhost clustering). Needs <see cref="Storage"/> "postgres". Settings in "JobHub:Cluster"
    /// (ClusterId, SiloPort, GatewayPort, AdvertisedHost) and "JobHub:Membership" (Orleans' ClusterMembershipOptions).
    /// </summary>
    public bool Clustered { get; set; }

    /// <summary>
    /// A folder every silo of a cluster shares (a shared volume; the same path on every silo), or null (default).
    /// When set, the blob store (code bundles, job results) is <c>{SharedDataDirectory}/blobs</c> and the job folders
    /// <c>{SharedDataDirectory}/jobs</c>, unless <c>JobHub:Agent:BlobRoot</c> / <c>WorkRoot</c> name folders of their own.
    /// A clustered silo without it (and without an explicit <c>BlobRoot</c>) logs a warning at start: its bundles and
    /// results would live in its own data folder, invisible to the other silos.
    /// </summary>
    public string? SharedDataDirectory { get; set; }

    public string DatabasePath => Path.Combine(DataDirectory, "jobhub.db");
}
