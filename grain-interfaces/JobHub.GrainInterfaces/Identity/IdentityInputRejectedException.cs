using Orleans;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>A name, email, group, feature or token given to an identity grain is malformed; <see cref="Field"/> names it. Nothing was changed.</summary>
[GenerateSerializer]
[Alias("jobhub.IdentityInputRejectedException")]
public sealed class IdentityInputRejectedException : JobHubException
{
    /// <summary>Refuses the value of <paramref name="field"/> for <paramref name="problem"/> (plain words, control characters escaped).</summary>
    public IdentityInputRejectedException(string field, string problem)
        : base($"{field}: {problem}.")
    {
        Field = field;
        Problem = problem;
    }

    /// <summary>The input (camelCase, as a REST body would name it: <c>userName</c>, <c>email</c>, <c>groups[1]</c>).</summary>
    [Id(0)]
    public string Field { get; }

    /// <summary>What is wrong with it.</summary>
    [Id(1)]
    public string Problem { get; }
}
