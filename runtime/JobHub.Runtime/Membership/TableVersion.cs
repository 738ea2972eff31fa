namespace JobHub.Runtime.Membership;

/// <summary>The version of the whole membership table; every row change advances it by one (compare-and-swap).</summary>
public sealed record TableVersion(int Version, string Etag)
{
    public TableVersion Next() => this with { Version = Version + 1 };
}
