using JobHub.Contracts.Billing;
using JobHub.Contracts.Jobs;
using JobHub.Grains.Nodes;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Billing;

/// <summary>Prices a job spec before it runs: the estimate the API shows and the amount a quota reserves.</summary>
public sealed class JobEstimator(NodeTypeCatalog catalog, IOptions<BillingOptions> options)
{
    /// <summary>
    /// The spec's price for one hour (its master on its node type, its workers on theirs); 0 when its node type does not
    /// exist. What <see cref="Estimate"/> answers as <see cref="JobEstimate.PricePerHour"/>, without the rest.
    /// </summary>
    public decimal PricePerHour(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return catalog.Find(spec.NodeType) is { } nodeType
            ? JobPricing.PricePerHour(spec, nodeType, WorkerNodeType(spec) ?? nodeType, JobPricing.Processes(spec))
            : 0m;
    }

    /// <summary>The estimate for a spec that passed validation; null when its node type does not exist.</summary>
    public JobEstimate? Estimate(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (catalog.Find(spec.NodeType) is not { } nodeType)
        {
            return null;
        }

        var billing = options.Value;
        var processes = JobPricing.Processes(spec);
        var workerNodeType = WorkerNodeType(spec);
        var pricePerHour = PricePerHour(spec);
        var minimumSeconds = JobPricing.WholeSeconds(billing.MinimumCharge);
        var limitSeconds = JobPricing.WholeSeconds(spec.TimeLimit);
        return new JobEstimate(
            nodeType.Name,
            processes,
            JobPricing.NodeEquivalents(spec, nodeType, workerNodeType is null ? processes : 1),
            nodeType.PricePerHour,
            pricePerHour,
            billing.Currency,
            spec.TimeLimit,
            JobPricing.Amount(Math.Max(limitSeconds, minimumSeconds), pricePerHour),
            billing.MinimumCharge,
            JobPricing.Amount(minimumSeconds, pricePerHour),
            spec.CostLimit)
        {
            WorkerNodeType = workerNodeType?.Name,
            WorkerNodeEquivalents = workerNodeType is null ? null : JobPricing.NodeEquivalents(spec, workerNodeType, processes - 1),
            WorkerPricePerNodeHour = workerNodeType?.PricePerHour,
        };
    }

    /// <summary>The workers' node type when it is not the job's (<see cref="DistributedSpec.WorkerNodeType"/>); else null.</summary>
    private NodeTypeSpec? WorkerNodeType(JobSpec spec) =>
        NodeTypeCatalog.HasWorkerPool(spec) ? catalog.Find(NodeTypeCatalog.WorkerNodeTypeOf(spec)) : null;
}
