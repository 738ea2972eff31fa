namespace JobHub.Runtime.Cluster;

/// <summary>The steps a clustered silo takes around the runtime's own start and stop (see SiloLifecycleService).</summary>
internal interface IClusterLifecycle
{
    /// <summary>Listens, joins the membership table and starts watching the cluster.</summary>
    Task JoinAsync(CancellationToken cancellationToken);

    /// <summary>The ring ranges this silo owns now (for reminders).</summary>
    IReadOnlyList<(uint Begin, uint End)> OwnedRanges { get; }

    /// <summary>Marks this silo shutting down, so others stop sending it new work.</summary>
    Task BeginLeavingAsync(CancellationToken cancellationToken);

    /// <summary>Marks this silo dead and closes its connections.</summary>
    Task FinishLeavingAsync(CancellationToken cancellationToken);
}
