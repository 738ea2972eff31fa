namespace JobHub.Runtime.Membership;

/// <summary>The life of a silo incarnation in the membership table (values as Orleans stores them).</summary>
public enum SiloStatus
{
    None = 0,
    Created = 1,
    Joining = 2,
    Active = 3,
    ShuttingDown = 4,
    Stopping = 5,
    Dead = 6,
}
