using System.Collections.Immutable;
using Orleans;

namespace JobHub.Contracts.Identity;

/// <summary>A group and the features granted to it (its members come from the user directory).</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.GroupInfo")]
public sealed record GroupInfo
{
    /// <summary>Realm and name.</summary>
    [Id(0)]
    public required GroupRef Group { get; init; }

    /// <summary>True for the four groups of the <c>jobhub</c> realm.</summary>
    [Id(1)]
    public bool BuiltIn { get; init; }

    /// <summary>Features every member gets, sorted.</summary>
    [Id(2)]
    public ImmutableArray<string> Features { get; init; } = [];

    /// <summary>When a <c>site</c> group was first used (a member added or a feature granted); null for one never used and for built-in groups.</summary>
    [Id(3)]
    public DateTimeOffset? FirstUsedAt { get; init; }
}
