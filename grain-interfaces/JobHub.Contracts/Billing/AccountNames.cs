using System.Globalization;
using JobHub.Contracts.Identity;

namespace JobHub.Contracts.Billing;

/// <summary>The keys of billing accounts (<c>AccountGrain</c>): <c>user:NAME</c> and <c>group:REALM/NAME</c>; and the bounds of a quota.</summary>
public static class AccountNames
{
    /// <summary>The highest monthly quota an account may have.</summary>
    public const decimal MaxMonthlyLimit = 100_000_000m;

    /// <summary>Decimal places a quota may have.</summary>
    public const int MaxLimitDecimals = 6;

    /// <summary>The account of user <paramref name="name"/>.</summary>
    public static string ForUser(string name) => "user:" + name;

    /// <summary>The account of <paramref name="group"/>.</summary>
    public static string ForGroup(GroupRef group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return "group:" + group.Key;
    }

    /// <summary>Why <paramref name="account"/> is not an account key, or null when it is one.</summary>
    public static string? AccountProblem(string? account)
    {
        if (account is not null && account.StartsWith("user:", StringComparison.Ordinal))
        {
            return IdentityNames.UserNameProblem(account["user:".Length..]);
        }

        if (account is not null && account.StartsWith("group:", StringComparison.Ordinal))
        {
            IdentityNames.ParseGroupKey(account["group:".Length..], out var problem);
            return problem;
        }

        return "an account is user:NAME or group:REALM/NAME";
    }

    /// <summary>Why <paramref name="limit"/> is not a monthly quota, or null when it is one (null itself means none).</summary>
    public static string? LimitProblem(decimal? limit) =>
        limit is { } value && (value < 0 || value > MaxMonthlyLimit || Math.Round(value, MaxLimitDecimals) != value)
            ? string.Create(CultureInfo.InvariantCulture, $"The monthly limit must be between 0 and {MaxMonthlyLimit} with at most {MaxLimitDecimals} decimal places, or null for none (was {value}).")
            : null;
}
