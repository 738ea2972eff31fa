using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
}
