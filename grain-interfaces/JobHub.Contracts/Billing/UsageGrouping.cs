namespace JobHub.Contracts.Billing;

/// <summary>How a usage report groups its rows (<c>groupBy</c> on <c>/api/v1/usage</c>).</summary>
public enum UsageGrouping
{
    /// <summary>One row per job.</summary>
    Job = 0,

    /// <summary>One row per UTC day.</summary>
    Day = 1,

    /// <summary>One row per node type.</summary>
    NodeType = 2,

    /// <summary>One row per user (admin reports).</summary>
    User = 3,
}
