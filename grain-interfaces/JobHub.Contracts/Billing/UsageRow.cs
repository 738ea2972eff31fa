namespace JobHub.Contracts.Billing;

/// <summary>One row of a usage report.</summary>
/// <param name="Key">The job id, the UTC day (yyyy-MM-dd), the node type or the user, by the report's grouping.</param>
/// <param name="Jobs">How many distinct jobs the row's entries charge.</param>
/// <param name="Seconds">Billed seconds (including the top-ups to the per-job minimum).</param>
/// <param name="Amount">The charge, exact decimal.</param>
public sealed record UsageRow(string Key, int Jobs, long Seconds, decimal Amount);
