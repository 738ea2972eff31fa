namespace JobHub.Grains.Autoscaling.Events;

/// <summary>What happened to a pool.</summary>
public enum PoolEventKind
{
    /// <summary>The autoscaler started nodes.</summary>
    ScaleUp = 0,

    /// <summary>The autoscaler stopped nodes.</summary>
    ScaleDown = 1,

    /// <summary>A node not up within the provisioning timeout was stopped and another started.</summary>
    NodeReplaced = 2,

    /// <summary>The provider reported that a node failed to start or died.</summary>
    NodeFailed = 3,

    /// <summary>The provider took a (spot) node back.</summary>
    NodeInterrupted = 4,
}
