namespace JobHub.Contracts.Billing;

/// <summary>What a job spec would cost (<c>POST /api/v1/jobs/estimate</c>); nothing is submitted.</summary>
/// <param name="NodeType">The node type asked for.</param>
/// <param name="Processes">Processes the job runs (master and workers).</param>
/// <param name="NodeEquivalents">
/// Nodes (or fractions of nodes) its processes reserve, as charged (docs/billing.md); of its master alone when its
/// workers run on another node type (<see cref="WorkerNodeType"/>).
/// </param>
/// <param name="PricePerNodeHour">The node type's price of one node for one hour.</param>
/// <param name="PricePerHour">
/// The job's price for one hour: <paramref name="NodeEquivalents"/> × <paramref name="PricePerNodeHour"/>, plus
/// <see cref="WorkerNodeEquivalents"/> × <see cref="WorkerPricePerNodeHour"/> when its workers run on another node type.
/// </param>
/// <param name="Currency">The currency of every amount (ISO 4217).</param>
/// <param name="TimeLimit">The spec's time limit.</param>
/// <param name="CostAtTimeLimit">The charge of a job that runs until its time limit (the most it can cost, the minimum aside).</param>
/// <param name="MinimumCharge">The least a job that runs is charged for, as time.</param>
/// <param name="MinimumAmount">The least a job that runs is charged.</param>
/// <param name="CostLimit">The spec's cost limit, if any: the job is stopped when its running cost reaches it.</param>
public sealed record JobEstimate(
    string NodeType,
    int Processes,
    decimal NodeEquivalents,
    decimal PricePerNodeHour,
    decimal PricePerHour,
    string Currency,
    TimeSpan TimeLimit,
    decimal CostAtTimeLimit,
    TimeSpan MinimumCharge,
    decimal MinimumAmount,
    decimal? CostLimit)
{
    /// <summary>The node type of the workers when it is not the job's (<c>distributed.workerNodeType</c>); else null.</summary>
    public string? WorkerNodeType { get; init; }

    /// <summary>Nodes (or fractions) the workers reserve on <see cref="WorkerNodeType"/>; null when it is null.</summary>
    public decimal? WorkerNodeEquivalents { get; init; }

    /// <summary>The price of one node of <see cref="WorkerNodeType"/> for one hour; null when it is null.</summary>
    public decimal? WorkerPricePerNodeHour { get; init; }
}
