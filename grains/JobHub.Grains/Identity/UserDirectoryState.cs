using JobHub.Contracts.Identity;
using Orleans;

namespace JobHub.Grains.Identity;

/// <summary>The persisted state of the user directory: one row per user, by name.</summary>
[GenerateSerializer]
[Alias("jobhub.UserDirectoryState")]
internal sealed class UserDirectoryState
{
    [Id(0)]
    public Dictionary<string, UserSummary> Users { get; set; } = [];
}
