using Orleans;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>The user holds no token with this id (never issued to them, or already revoked).</summary>
[GenerateSerializer]
[Alias("jobhub.ApiTokenNotFoundException")]
public sealed class ApiTokenNotFoundException : JobHubException
{
    /// <summary>Creates the exception for <paramref name="tokenId"/> of <paramref name="owner"/>.</summary>
    public ApiTokenNotFoundException(string owner, string tokenId)
        : base($"'{owner}' has no token '{tokenId}'.")
    {
        Owner = owner;
        TokenId = tokenId;
    }

    /// <summary>The user whose tokens were searched.</summary>
    [Id(0)]
    public string Owner { get; }

    /// <summary>The token id asked for.</summary>
    [Id(1)]
    public string TokenId { get; }
}
