using System.Net;
using JobHub.Grains.Audit;
using JobHub.Grains.Billing.Ledger;
using JobHub.Grains.Hosting;
using JobHub.Storage.Postgres;
using JobHub.Storage.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace JobHub.Silo.Hosting;

/// <summary>How a JobHub silo sets up Orleans: clustering, runtime options, grain storage and reminders, job stores.</summary>
public static class JobHubOrleansSiloExtensions
{
    /// <summary>
    /// The embedded silo: Orleans' localhost clustering on the configured ports. A clustered silo: Orleans' ADO.NET
    /// membership table in JobHub's PostgreSQL schema, listening on every address and advertising
    /// <see cref="JobHubClusterOptions.AdvertisedHost"/>. Membership settings come from <c>JobHub:Membership</c>
    /// (Orleans' <see cref="ClusterMembershipOptions"/>), on top of defaults that bring a dead silo's grains back
    /// within 10 s (docs/operations.md).
    /// </summary>
    public static ISiloBuilder UseJobHubClustering(this ISiloBuilder silo, JobHubSiloOptions siloOptions, JobHubClusterOptions cluster, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(siloOptions);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(configuration);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        silo.Configure<SiloOptions>(o => o.SiloName = siloOptions.Name);
        silo.Services.AddOptions<ClusterMembershipOptions>()
            .Configure(FastFailover)
            .Bind(configuration.GetSection("JobHub:Membership"));

        // Orleans' default directory deactivates every activation whose directory entry lived on a silo that died (about
        // two thirds of a three-silo cluster's grains), and a node grain that deactivates stops its processes: jobs
        // running on surviving silos would fail with the dead one. The distributed directory rebuilds a dead silo's
        // ranges from the survivors instead, so their activations, and their processes, live on.
#pragma warning disable ORLEANSEXP003 // experimental in Orleans 10; tested here by the cluster failover tests
        silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003

        // After a crash, the grains of the dead silo may not register again for this long (a guard against a silo
        // wrongly declared dead and still serving). It counts from the estimated time of death; a silo declared dead
        // stops itself within a table refresh (2 s), so 5 s keeps every grain answering within 10 s of a kill.
        silo.Services.AddOptions<GrainDirectoryOptions>()
            .Configure(o => o.RangeLeaseDuration = TimeSpan.FromSeconds(5))
            .Bind(configuration.GetSection("JobHub:GrainDirectory"));
        if (siloOptions.Clustered)
        {
            silo.UsePostgresClustering(o => Postgres(o, siloOptions));
            var host = cluster.AdvertisedHost ?? Dns.GetHostName();
            silo.ConfigureEndpoints(host, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            if (cluster.AdvertisedHost is { } advertised && IPAddress.TryParse(advertised, out var address))
            {
                silo.Configure<EndpointOptions>(o => o.AdvertisedIPAddress = address);
            }
        }

        return silo;
    }

    /// <summary>Maps <see cref="JobHubRuntimeOptions"/> (<c>JobHub:Runtime</c>) onto Orleans' messaging, collection and reminder options.</summary>
    public static ISiloBuilder UseJobHubRuntimeOptions(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddOptions<SiloMessagingOptions>().Configure<IOptions<JobHubRuntimeOptions>>((o, runtime) => o.ResponseTimeout = runtime.Value.ResponseTimeout);
        silo.Services.AddOptions<GrainCollectionOptions>().Configure<IOptions<JobHubRuntimeOptions>>((o, runtime) =>
        {
            o.CollectionAge = runtime.Value.CollectionAge;
            o.CollectionQuantum = runtime.Value.CollectionQuantum;
            o.ActivationTimeout = runtime.Value.ActivationTimeout;
            o.DeactivationTimeout = runtime.Value.DeactivationTimeout;
        });
        silo.Services.AddOptions<ReminderOptions>().Configure<IOptions<JobHubRuntimeOptions>>((o, runtime) => o.MinimumReminderPeriod = runtime.Value.MinimumReminderPeriod);
        return silo;
    }

    /// <summary>
    /// Grain state and reminders: JobHub's group-commit SQLite provider on <c>{DataDirectory}/jobhub.db</c> (the
    /// embedded default), or PostgreSQL on JobHub's own schema.
    /// </summary>
    public static ISiloBuilder UseJobHubStorage(this ISiloBuilder silo, JobHubSiloOptions siloOptions)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(siloOptions);
        if (siloOptions.Storage == "postgres")
        {
            silo.AddPostgresGrainStorageAsDefault(o => Postgres(o, siloOptions));
            silo.UsePostgresReminderService(o => Postgres(o, siloOptions));
        }
        else
        {
            silo.AddSqliteGrainStorageAsDefault(o => o.DataSource = siloOptions.DatabasePath);
            silo.UseSqliteReminderService(o => o.DataSource = siloOptions.DatabasePath);
        }

        return silo;
    }

    /// <summary>Job logs, the job list, the audit log and the billing ledger: SQLite files under the data folder, or the cluster's PostgreSQL schema so every silo sees every job.</summary>
    public static ISiloBuilder UseJobHubJobStores(this ISiloBuilder silo, JobHubSiloOptions siloOptions)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(siloOptions);
        if (siloOptions.Storage == "postgres")
        {
            silo.UsePostgresJobLogs(o => Postgres(o, siloOptions)).UsePostgresJobIndex(o => Postgres(o, siloOptions));
            silo.UsePostgresAuditLog(o => Postgres(o, siloOptions));
            silo.UsePostgresBillingLedger(o => Postgres(o, siloOptions));
        }
        else
        {
            // The job list and the ledger live in the grain-state file and share its group-commit writer: a job's
            // grain state, its row and its meter's entries take one commit (one fsync) instead of one per file.
            // Earlier releases kept them in jobs.db and billing.db; those are imported once and renamed.
            silo.UseSqliteJobLogs(o => o.DataSource = Path.Combine(siloOptions.DataDirectory, "logs.db"))
                .UseSqliteJobIndex(o =>
                {
                    o.DataSource = siloOptions.DatabasePath;
                    o.ImportFrom = Path.Combine(siloOptions.DataDirectory, "jobs.db");
                });
            silo.UseSqliteAuditLog(o => o.DataSource = Path.Combine(siloOptions.DataDirectory, "audit.db"));
            silo.UseSqliteBillingLedger(o =>
            {
                o.DataSource = siloOptions.DatabasePath;
                o.ImportFrom = Path.Combine(siloOptions.DataDirectory, "billing.db");
            });
        }

        return silo;
    }

    /// <summary>
    /// Membership defaults that let the survivors declare a killed silo dead in a few seconds, so every grain answers
    /// again within 10 s (Orleans' own defaults take about 30 s). A setting in <c>JobHub:Membership</c> overrides each.
    /// </summary>
    private static void FastFailover(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 2;
        o.NumVotesForDeathDeclaration = 2;
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
    }

    private static void Postgres(JobHubPostgresOptions o, JobHubSiloOptions siloOptions)
    {
        o.ConnectionString = siloOptions.PostgresConnectionString ?? string.Empty;
        o.Schema = siloOptions.PostgresSchema;
    }
}
