namespace JobHub.Runtime.Membership;

/// <summary>
/// A clustered silo's view of its cluster, for services beside the grains that must act when silos come
/// and go (registered only on clustered silos). <see cref="ViewApplied"/> fires after the silo has applied
/// a new view: the ring is rebuilt, activations it no longer owns are sent away, reminders are reloaded.
/// </summary>
public interface IClusterMembership
{
    /// <summary>This silo.</summary>
    SiloAddress Self { get; }

    /// <summary>The view this silo last applied.</summary>
    ClusterMembershipView CurrentView { get; }

    /// <summary>Raised (off any grain's turn) after each new view has been applied.</summary>
    event Action<ClusterMembershipView>? ViewApplied;
}
