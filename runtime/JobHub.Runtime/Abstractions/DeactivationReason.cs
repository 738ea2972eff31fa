namespace JobHub.Runtime;

/// <summary>Why an activation is going away.</summary>
public enum DeactivationReason
{
    /// <summary>No calls for longer than the collection age.</summary>
    Idle,

    /// <summary>The grain asked for it with <c>DeactivateOnIdle()</c>.</summary>
    ApplicationRequested,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,

    /// <summary>A state write found newer state: this activation is stale.</summary>
    StaleState,

    /// <summary>The silo no longer owns the grain (cluster membership changed).</summary>
    OwnershipChanged,
}
