using Orleans;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>
/// A change no one may make in the current state (delete a regular user, remove someone from <c>jobhub/users</c>, take a
/// name or email already used). Nothing was changed.
/// </summary>
[GenerateSerializer]
[Alias("jobhub.IdentityConflictException")]
public sealed class IdentityConflictException : JobHubException
{
    /// <summary>Creates the exception with the rule or conflict in plain words.</summary>
    public IdentityConflictException(string message)
        : base(message)
    {
    }
}
