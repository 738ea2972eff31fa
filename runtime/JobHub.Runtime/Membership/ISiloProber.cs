namespace JobHub.Runtime.Membership;

/// <summary>Asks another silo directly whether it is alive (a ping over the silo-to-silo connection).</summary>
public interface ISiloProber
{
    /// <summary>True when <paramref name="target"/> answered before the token was cancelled.</summary>
    Task<bool> ProbeAsync(SiloAddress target, CancellationToken cancellationToken);
}
