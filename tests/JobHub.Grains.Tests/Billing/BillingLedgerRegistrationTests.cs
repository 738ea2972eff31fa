using JobHub.Grains.Billing.Ledger;
using JobHub.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace JobHub.Grains.Tests.Billing;

/// <summary>Which ledger a silo gets: in memory by default, the SQLite file when chosen (before or after AddJobHubGrains), a bad setting named at start.</summary>
public sealed class BillingLedgerRegistrationTests
{
    [Fact]
    public void AddJobHubGrains_KeepsTheLedgerInMemory_ByDefault()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.AddJobHubGrains());

        using var provider = builder.Services.BuildServiceProvider();

        Assert.IsType<InMemoryBillingLedger>(provider.GetRequiredService<IBillingLedger>());
    }

    [Fact]
    public async Task UseSqliteBillingLedger_IsTheLedger_WhicheverOrderItIsChosenIn()
    {
        var folder = Directory.CreateTempSubdirectory("jobhub-ledger-registration-").FullName;
        try
        {
            foreach (var sqliteFirst in new[] { true, false })
            {
                var builder = Host.CreateApplicationBuilder();
                var file = Path.Combine(folder, $"billing-{sqliteFirst}.db");
                builder.UseOrleans(silo =>
                {
                    if (sqliteFirst)
                    {
                        silo.UseSqliteBillingLedger(o => o.DataSource = file).AddJobHubGrains();
                    }
                    else
                    {
                        silo.AddJobHubGrains().UseSqliteBillingLedger(o => o.DataSource = file);
                    }
                });

                await using var provider = builder.Services.BuildServiceProvider();
                Assert.IsType<SqliteBillingLedger>(provider.GetRequiredService<IBillingLedger>());
                Assert.Single(builder.Services, d => d.ServiceType == typeof(IBillingLedger));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void UseSqliteBillingLedger_WithoutAFile_IsRefusedNamingTheSetting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.AddJobHubGrains().UseSqliteBillingLedger(o => o.DataSource = " "));
        using var provider = builder.Services.BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SqliteBillingLedgerOptions>>().Value);

        Assert.Contains("JobHub:Billing:Ledger:Sqlite:DataSource", refused.Message, StringComparison.Ordinal);
    }
}
