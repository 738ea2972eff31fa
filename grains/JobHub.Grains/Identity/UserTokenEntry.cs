using Orleans;

namespace JobHub.Grains.Identity;

/// <summary>A token in its owner's list: its name and when it was issued (the token grain holds the rest).</summary>
[GenerateSerializer]
[Alias("jobhub.UserTokenEntry")]
internal sealed class UserTokenEntry
{
    [Id(0)]
    public string Name { get; set; } = "";

    [Id(1)]
    public DateTimeOffset CreatedAt { get; set; }
}
