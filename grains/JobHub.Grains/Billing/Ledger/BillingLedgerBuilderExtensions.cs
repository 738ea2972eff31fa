using JobHub.Storage.Postgres;
using JobHub.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;

namespace JobHub.Grains.Billing.Ledger;

/// <summary>
/// Chooses where the billing ledger is kept, like the audit log: <c>silo.UseSqliteBillingLedger(...)</c> (embedded) or
/// <c>.UsePostgresBillingLedger(...)</c> (a cluster). Without either, <c>AddJobHubGrains</c> keeps it in memory.
/// </summary>
public static class BillingLedgerBuilderExtensions
{
    /// <summary>Keeps the ledger in memory (tests; the default of <c>AddJobHubGrains</c>). Safe to call twice.</summary>
    public static IServiceCollection AddInMemoryBillingLedger(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<InMemoryBillingLedger>();
        services.TryAddSingleton<IBillingLedger>(sp => sp.GetRequiredService<InMemoryBillingLedger>());
        return services;
    }

    /// <summary>Keeps the ledger in a SQLite file (<see cref="SqliteBillingLedgerOptions"/>, section <c>JobHub:Billing:Ledger:Sqlite</c>).</summary>
    public static ISiloBuilder UseSqliteBillingLedger(this ISiloBuilder builder, Action<SqliteBillingLedgerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<SqliteBillingLedgerOptions>()
            .BindConfiguration(SqliteBillingLedgerOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataSource), $"{SqliteBillingLedgerOptions.SectionName}:{nameof(SqliteBillingLedgerOptions.DataSource)} must name a file.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.AddSqliteFiles();
        builder.Services.TryAddSingleton<SqliteBillingLedger>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IBillingLedger>(sp => sp.GetRequiredService<SqliteBillingLedger>()));
        return builder;
    }

    /// <summary>
    /// Keeps the ledger in PostgreSQL (table <c>billing_ledger</c>, created by the silo at start and append-only), so
    /// every silo of a cluster appends to and reads one ledger. <paramref name="database"/> names the database and schema (the cluster's).
    /// </summary>
    public static ISiloBuilder UsePostgresBillingLedger(this ISiloBuilder builder, Action<JobHubPostgresOptions> database)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(database);
        BillingPostgresMigrations.Tables.Register(builder.Services, database);
        builder.Services.TryAddSingleton(sp => new PostgresBillingLedger(BillingPostgresMigrations.Tables.Database(sp)));
        builder.Services.Replace(ServiceDescriptor.Singleton<IBillingLedger>(sp => sp.GetRequiredService<PostgresBillingLedger>()));
        return builder;
    }
}
