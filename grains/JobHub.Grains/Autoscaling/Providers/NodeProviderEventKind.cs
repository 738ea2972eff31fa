namespace JobHub.Grains.Autoscaling.Providers;

/// <summary>What a node provider reports about a node.</summary>
public enum NodeProviderEventKind
{
    /// <summary>The node booted and its agent is ready.</summary>
    Up = 0,

    /// <summary>The node did not start, or died.</summary>
    Failed = 1,

    /// <summary>The provider took the node back (a spot interruption).</summary>
    Interrupted = 2,
}
