using System.Collections.Immutable;
using JobHub.Contracts.Identity;
using static JobHub.Cli.Output.JobText;

namespace JobHub.Cli.Output;

/// <summary>How users, groups and tokens are printed: tables for lists, <c>key: value</c> lines for one thing.</summary>
internal static class IdentityText
{
    /// <summary>How much of a token id the table shows; <c>jobhub tokens revoke</c> takes any unique prefix of 8 or more.</summary>
    public const int ShortIdLength = 16;

    public static string Name(UserStatus status) => status.ToString().ToLowerInvariant();

    public static string Name(ApiTokenStatus status) => status.ToString().ToLowerInvariant();

    public static string List(ImmutableArray<GroupRef> groups) => groups.IsDefaultOrEmpty ? "-" : Safe(string.Join(", ", groups.Select(g => g.Key)));

    public static string List(ImmutableArray<string> items) => items.IsDefaultOrEmpty ? "-" : Safe(string.Join(", ", items));

    public static void WriteUsers(TextWriter output, IEnumerable<UserSummary> users) =>
        TextTable.Write(
            output,
            ["NAME", "STATUS", "EMAIL", "GROUPS", "CREATED"],
            users.Select(u => (IReadOnlyList<string>)[u.Name, Name(u.Status), u.Email ?? "-", List(u.Groups), Time(u.CreatedAt)]));

    public static void WriteUser(TextWriter output, UserInfo user)
    {
        output.WriteLine($"user:       {Safe(user.Name)}{(user.BuiltIn ? " (built in)" : string.Empty)}");
        output.WriteLine($"status:     {Name(user.Status)} (since {Time(user.StatusChangedAt)})");
        output.WriteLine($"email:      {Safe(user.Email ?? "-")}");
        output.WriteLine($"groups:     {List(user.Groups)}");
        output.WriteLine($"features:   {List(user.Features)} (granted to the user; 'jobhub whoami' shows the effective ones)");
        output.WriteLine($"created:    {Time(user.CreatedAt)}");
        output.WriteLine($"invited by: {Safe(user.InvitedBy ?? "-")}");
    }

    public static void WriteGroup(TextWriter output, GroupInfo group)
    {
        output.WriteLine($"group:      {Safe(group.Group.Key)}{(group.BuiltIn ? " (built in)" : string.Empty)}");
        output.WriteLine($"features:   {List(group.Features)}");
        output.WriteLine($"first used: {Time(group.FirstUsedAt)}");
    }

    public static void WriteTokens(TextWriter output, IEnumerable<ApiTokenInfo> tokens) =>
        TextTable.Write(
            output,
            ["ID", "NAME", "OWNER", "STATUS", "CREATED", "LAST USED", "EXPIRES"],
            tokens.Select(t => (IReadOnlyList<string>)[t.TokenId[..Math.Min(ShortIdLength, t.TokenId.Length)], t.Name, t.Owner, Name(t.Status), Time(t.CreatedAt), Time(t.LastUsedAt), t.ExpiresAt is { } at ? Time(at) : "never"]));
}
