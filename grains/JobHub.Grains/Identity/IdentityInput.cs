using System.Collections.Immutable;
using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Identity;

namespace JobHub.Grains.Identity;

/// <summary>Checks an input with <see cref="IdentityNames"/> and throws <see cref="IdentityInputRejectedException"/> naming the field.</summary>
internal static class IdentityInput
{
    public static string UserName(string? value, string field) =>
        IdentityNames.UserNameProblem(value) is { } problem ? throw new IdentityInputRejectedException(field, problem) : value!;

    public static string Feature(string? value, string field) =>
        IdentityNames.FeatureProblem(value) is { } problem ? throw new IdentityInputRejectedException(field, problem) : value!;

    public static GroupRef Group(GroupRef? value, string field) =>
        IdentityNames.GroupProblem(value) is { } problem ? throw new IdentityInputRejectedException(field, problem) : value!;

    public static string Email(string? value, string field) =>
        IdentityNames.EmailProblem(value) is { } problem ? throw new IdentityInputRejectedException(field, problem) : IdentityNames.NormalizeEmail(value!);

    public static string TokenName(string? value, string field) =>
        IdentityNames.TokenNameProblem(value) is { } problem ? throw new IdentityInputRejectedException(field, problem) : value!;

    public static string SecretId(string? value, string field) =>
        GrainInterfaces.Identity.SecretId.IsWellFormed(value) ? value! : throw new IdentityInputRejectedException(field, "an id is 64 lower-case hex characters");

    /// <summary>Every group valid, at most <see cref="IdentityLimits.MaxGroupsPerUser"/>; duplicates dropped.</summary>
    public static ImmutableArray<GroupRef> Groups(ImmutableArray<GroupRef> values, string field)
    {
        var list = values.IsDefault ? [] : values;
        if (list.Length > IdentityLimits.MaxGroupsPerUser)
        {
            throw new IdentityInputRejectedException(field, $"at most {IdentityLimits.MaxGroupsPerUser} groups (was {list.Length})");
        }

        return [.. list.Select((g, i) => Group(g, $"{field}[{i}]")).Distinct()];
    }

    /// <summary>Every feature valid, at most <see cref="IdentityLimits.MaxFeatures"/>; duplicates dropped.</summary>
    public static ImmutableArray<string> Features(ImmutableArray<string> values, string field)
    {
        var list = values.IsDefault ? [] : values;
        if (list.Length > IdentityLimits.MaxFeatures)
        {
            throw new IdentityInputRejectedException(field, $"at most {IdentityLimits.MaxFeatures} features (was {list.Length})");
        }

        return [.. list.Select((f, i) => Feature(f, $"{field}[{i}]")).Distinct(StringComparer.Ordinal)];
    }
}
