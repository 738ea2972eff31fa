namespace JobHub.Silo.Hosting;

/// <summary>
/// The Orleans runtime settings JobHub exposes (section <c>JobHub:Runtime</c>); each sets the Orleans option of the
/// same meaning (messaging, grain collection, reminders). Membership settings are Orleans' own
/// <c>ClusterMembershipOptions</c>, bound from <c>JobHub:Membership</c> (docs/operations.md).
/// </summary>
public sealed class JobHubRuntimeOptions
{
    public const string SectionName = "JobHub:Runtime";

    /// <summary>How long a grain call waits for its answer before it fails with a timeout (outcome unknown). Default 30 s.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Idle time after which an activation is deactivated. Default 15 min.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for. Default 1 min; must be below <see cref="CollectionAge"/>.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Limit for loading a grain's state and its <c>OnActivateAsync</c>. Default 30 s.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit for a grain's <c>OnDeactivateAsync</c>. Default 30 s.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Smallest reminder period accepted. Default 1 min (Orleans' own); lower only for tests.</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
