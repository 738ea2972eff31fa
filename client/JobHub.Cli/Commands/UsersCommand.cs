using System.CommandLine;
using System.Text.Json;
using JobHub.Cli.Output;
using JobHub.Client;
using JobHub.Contracts.Identity;

namespace JobHub.Cli.Commands;

/// <summary>
/// <c>jobhub users list|show|invite|disable|enable|delete|grant|revoke</c>: the identity API's user management (admins and
/// customer admins; anyone may <c>show</c> themselves). Names, emails, groups and features are checked before sending.
/// </summary>
internal static class UsersCommand
{
    public static Command Create(GlobalOptions global) => new("users", "List, show, invite, disable, enable and delete users; grant and revoke their features")
    {
        List(global),
        Show(global),
        Invite(global),
        Change(global, "disable", "Disable a user: they can do nothing and their tokens are refused", (c, u, t) => c.DisableUserAsync(u, t)),
        Change(global, "enable", "Make a disabled user regular again", (c, u, t) => c.EnableUserAsync(u, t)),
        Delete(global),
        Feature(global, "grant", "Grant a feature to a user", (c, u, f, t) => c.GrantUserFeatureAsync(u, f, t)),
        Feature(global, "revoke", "Take a feature granted to a user back", (c, u, f, t) => c.RevokeUserFeatureAsync(u, f, t)),
    };

    private static Command List(GlobalOptions global)
    {
        var json = new Option<bool>("--json") { Description = "Print the users as JSON" };
        var list = new Command("list", "List every user with status, email and groups") { json };
        list.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var users = await client.ListUsersAsync(cancellationToken);
            return await CommandOutput.WriteAsync(users, parse.GetValue(json), IdentityText.WriteUsers);
        });
        return list;
    }

    private static Command Show(GlobalOptions global)
    {
        var user = IdentityArguments.User();
        var json = new Option<bool>("--json") { Description = "Print the user as JSON" };
        var show = new Command("show", "Show one user: status, email, groups, features") { user, json };
        show.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var info = await client.GetUserAsync(parse.GetRequiredValue(user), cancellationToken);
            return await CommandOutput.WriteAsync(info, parse.GetValue(json), IdentityText.WriteUser);
        });
        return show;
    }

    private static Command Invite(GlobalOptions global)
    {
        var email = IdentityArguments.Email();
        var name = IdentityArguments.UserOption("--name", "The user name to give (default: made from the email)");
        var groups = IdentityArguments.Groups("Put the invited user in this group (realm/name); repeat for more");
        var features = IdentityArguments.Features("Grant the invited user this feature; repeat for more");
        var invite = new Command("invite", "Invite an email: a staged user and an invitation code, printed on stdout this once") { email, name, groups, features };
        invite.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var issued = await client.InviteUserAsync(
                new InvitationRequest
                {
                    Email = parse.GetRequiredValue(email),
                    UserName = parse.GetValue(name),
                    Groups = [.. parse.GetValue(groups) ?? []],
                    Features = [.. parse.GetValue(features) ?? []],
                },
                cancellationToken);
            await Console.Out.WriteLineAsync(issued.Code);
            await Console.Error.WriteLineAsync(
                $"invited {JobText.Safe(issued.Info.Email)} as {JobText.Safe(issued.Info.UserName)} (staged until {JobText.Time(issued.Info.ExpiresAt)}); "
                + "the code above is shown this once: send it to them, and they join with 'jobhub login --code <code>'");
            return ExitCodes.Success;
        });
        return invite;
    }

    private static Command Change(GlobalOptions global, string verb, string description, Func<JobHubClient, string, CancellationToken, Task<UserInfo>> change)
    {
        var user = IdentityArguments.User();
        var command = new Command(verb, description) { user };
        command.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var info = await change(client, parse.GetRequiredValue(user), cancellationToken);
            await Console.Out.WriteLineAsync($"{JobText.Safe(info.Name)} is {IdentityText.Name(info.Status)}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Delete(GlobalOptions global)
    {
        var user = IdentityArguments.User();
        var delete = new Command("delete", "Delete a staged (invited, not yet joined) user; their invitation is then refused") { user };
        delete.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var name = parse.GetRequiredValue(user);
            await client.DeleteStagedUserAsync(name, cancellationToken);
            await Console.Out.WriteLineAsync($"staged user {name} deleted");
            return ExitCodes.Success;
        });
        return delete;
    }

    private static Command Feature(GlobalOptions global, string verb, string description, Func<JobHubClient, string, string, CancellationToken, Task<UserInfo>> change)
    {
        var user = IdentityArguments.User();
        var feature = IdentityArguments.Feature();
        var command = new Command(verb, description) { user, feature };
        command.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var info = await change(client, parse.GetRequiredValue(user), parse.GetRequiredValue(feature), cancellationToken);
            await Console.Out.WriteLineAsync($"{JobText.Safe(info.Name)} features: {IdentityText.List(info.Features)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
