using Orleans;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>The acting user may not make this change; the rule says why in plain words. Nothing was changed.</summary>
[GenerateSerializer]
[Alias("jobhub.IdentityAccessDeniedException")]
public sealed class IdentityAccessDeniedException : JobHubException
{
    /// <summary>Refuses <paramref name="action"/> to <paramref name="actor"/> by <paramref name="rule"/>.</summary>
    public IdentityAccessDeniedException(string actor, string action, string rule)
        : base($"'{actor}' may not {action}: {rule}.")
    {
        Actor = actor;
        Action = action;
        Rule = rule;
    }

    /// <summary>Who tried.</summary>
    [Id(0)]
    public string Actor { get; }

    /// <summary>What they tried, in words (<c>add 'bob' to jobhub/admins</c>).</summary>
    [Id(1)]
    public string Action { get; }

    /// <summary>The rule that refuses it (<c>only admins add or remove members of jobhub/admins</c>).</summary>
    [Id(2)]
    public string Rule { get; }
}
