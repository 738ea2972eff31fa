using JobHub.Grains.Billing.Ledger;

namespace JobHub.Grains.Tests.Billing;

/// <summary>The ledger contract on the in-memory store (the default until a durable one is chosen).</summary>
public sealed class InMemoryBillingLedgerTests : BillingLedgerContractTests
{
    protected override IBillingLedger Ledger { get; } = new InMemoryBillingLedger();
}
