using System.CommandLine;
using System.Text.Json;
using JobHub.Cli.Output;
using JobHub.Client;
using JobHub.Contracts.Identity;

namespace JobHub.Cli.Commands;

/// <summary><c>jobhub groups show|members|add|remove|grant|revoke</c>: a group's members and features (groups are written <c>realm/name</c>).</summary>
internal static class GroupsCommand
{
    public static Command Create(GlobalOptions global) => new("groups", "Show groups' members and features; add and remove members; grant and revoke group features")
    {
        Show(global),
        Members(global),
        Member(global, "add", "Put a user in a group", (c, g, u, t) => c.AddGroupMemberAsync(g, u, t)),
        Member(global, "remove", "Take a user out of a group", (c, g, u, t) => c.RemoveGroupMemberAsync(g, u, t)),
        Feature(global, "grant", "Grant a feature to every member of a group", (c, g, f, t) => c.GrantGroupFeatureAsync(g, f, t)),
        Feature(global, "revoke", "Take a feature granted to a group back", (c, g, f, t) => c.RevokeGroupFeatureAsync(g, f, t)),
    };

    private static Command Show(GlobalOptions global)
    {
        var group = IdentityArguments.Group();
        var json = new Option<bool>("--json") { Description = "Print the group as JSON" };
        var show = new Command("show", "Show a group and the features granted to it") { group, json };
        show.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var info = await client.GetGroupAsync(parse.GetRequiredValue(group), cancellationToken);
            return await CommandOutput.WriteAsync(info, parse.GetValue(json), IdentityText.WriteGroup);
        });
        return show;
    }

    private static Command Members(GlobalOptions global)
    {
        var group = IdentityArguments.Group();
        var json = new Option<bool>("--json") { Description = "Print the members as JSON" };
        var members = new Command("members", "List a group's members") { group, json };
        members.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var users = await client.ListGroupMembersAsync(parse.GetRequiredValue(group), cancellationToken);
            return await CommandOutput.WriteAsync(users, parse.GetValue(json), IdentityText.WriteUsers);
        });
        return members;
    }

    private static Command Member(GlobalOptions global, string verb, string description, Func<JobHubClient, GroupRef, string, CancellationToken, Task<UserInfo>> change)
    {
        var group = IdentityArguments.Group();
        var user = IdentityArguments.User();
        var command = new Command(verb, description) { group, user };
        command.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var info = await change(client, parse.GetRequiredValue(group), parse.GetRequiredValue(user), cancellationToken);
            await Console.Out.WriteLineAsync($"{JobText.Safe(info.Name)} groups: {IdentityText.List(info.Groups)}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Feature(GlobalOptions global, string verb, string description, Func<JobHubClient, GroupRef, string, CancellationToken, Task<GroupInfo>> change)
    {
        var group = IdentityArguments.Group();
        var feature = IdentityArguments.Feature();
        var command = new Command(verb, description) { group, feature };
        command.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var info = await change(client, parse.GetRequiredValue(group), parse.GetRequiredValue(feature), cancellationToken);
            await Console.Out.WriteLineAsync($"{JobText.Safe(info.Group.Key)} features: {IdentityText.List(info.Features)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
