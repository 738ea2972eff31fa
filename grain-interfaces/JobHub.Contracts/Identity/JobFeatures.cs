using System.Collections.Immutable;

namespace JobHub.Contracts.Identity;

/// <summary>
/// The features job submission checks: a job that needs one is refused (403, naming it) unless the submitter has it,
/// granted to them or to one of their groups. Other feature names may be granted freely; nothing checks them yet.
/// </summary>
public static class JobFeatures
{
    /// <summary>Needed to submit a distributed job (a master with workers).</summary>
    public const string DistributedJobs = "distributed-jobs";

    /// <summary>Needed to submit a job whose processes get GPUs.</summary>
    public const string GpuJobs = "gpu-jobs";

    /// <summary>Reserved for interactive jobs (not built yet).</summary>
    public const string InteractiveJobs = "interactive-jobs";

    /// <summary>What a fresh installation grants to <c>jobhub/users</c> at its first start (admins may revoke them).</summary>
    public static readonly ImmutableArray<string> GrantedToUsersAtFirstStart = [DistributedJobs, GpuJobs];
}
