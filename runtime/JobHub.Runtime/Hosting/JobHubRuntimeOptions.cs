namespace JobHub.Runtime.Hosting;

/// <summary>Settings of the actor runtime in one silo. Bound from the "JobHub:Runtime" configuration section.</summary>
public sealed class JobHubRuntimeOptions
{
    public const string SectionName = "JobHub:Runtime";

    /// <summary>
    /// How long a caller waits for an answer (default 30 s). Longer tolerates slow grains; shorter
    /// frees callers of a lost or deadlocked call sooner. A timeout means the outcome is unknown.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An activation with no incoming calls for this long is deactivated (default 15 min).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the idle collector looks (default 1 min). Idle activations live up to CollectionAge + CollectionQuantum.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Limit for loading state and running <c>OnActivateAsync</c> (default 30 s); the token passed in is cancelled then.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit for <c>OnDeactivateAsync</c> and the final state write (default 30 s).</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The smallest reminder period accepted (default 1 min): reminders are durable and each tick costs storage I/O.</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Work items an activation runs before yielding its thread (default 64). Higher favours
    /// throughput of a busy grain; lower favours fairness between grains.
    /// </summary>
    public int MaxWorkItemsPerTurnBatch { get; set; } = 64;
}
