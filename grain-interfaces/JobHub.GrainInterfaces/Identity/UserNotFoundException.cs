using Orleans;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>No user has this name (never invited, or a staged user that was deleted).</summary>
[GenerateSerializer]
[Alias("jobhub.UserNotFoundException")]
public sealed class UserNotFoundException : JobHubException
{
    /// <summary>Creates the exception for <paramref name="userName"/>.</summary>
    public UserNotFoundException(string userName)
        : base($"There is no user '{userName}'.")
    {
        UserName = userName;
    }

    /// <summary>The name asked for.</summary>
    [Id(0)]
    public string UserName { get; }
}
