namespace JobHub.Runtime.Membership;

/// <summary>One silo's view of the cluster: the rows it last read and the table version they came with.</summary>
public sealed record ClusterMembershipView(int Version, IReadOnlyList<MembershipEntry> Members)
{
    public static readonly ClusterMembershipView Empty = new(-1, []);

    public IReadOnlyList<SiloAddress> ActiveSilos { get; } = Members.Where(m => m.Status == SiloStatus.Active).Select(m => m.Silo).ToList();

    public SiloStatus StatusOf(SiloAddress silo) => Members.FirstOrDefault(m => m.Silo == silo)?.Status ?? SiloStatus.None;
}
