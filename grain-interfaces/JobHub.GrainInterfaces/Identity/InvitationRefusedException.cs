using Orleans;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>An invitation code that cannot be redeemed: unknown, expired, already redeemed, or replaced; the message says which. Nothing was changed.</summary>
[GenerateSerializer]
[Alias("jobhub.InvitationRefusedException")]
public sealed class InvitationRefusedException : JobHubException
{
    /// <summary>Creates the exception with the reason in plain words.</summary>
    public InvitationRefusedException(string reason)
        : base($"The invitation cannot be redeemed: {reason}.")
    {
        Reason = reason;
    }

    /// <summary>Why (never the code).</summary>
    [Id(0)]
    public string Reason { get; }
}
