using System.CommandLine;
using System.Text.Json;
using JobHub.Cli.Output;
using JobHub.Client;
using JobHub.Contracts.Identity;
using JobHub.Contracts.Projects;

namespace JobHub.Cli.Commands;

/// <summary>
/// <c>jobhub projects list|show|create|add-group|remove-group|delete</c>: projects and their member groups (written
/// <c>realm/name</c>). Names and groups are checked while parsing (exit code 2, one line naming the argument, nothing sent).
/// </summary>
internal static class ProjectsCommand
{
    public static Command Create(GlobalOptions global) => new("projects", "List, show, create and delete projects; add and remove their member groups")
    {
        List(global),
        Show(global),
        CreateProject(global),
        Group(global, "add-group", "Add a member group to a project (its owner and admins)", (c, p, g, t) => c.AddProjectGroupAsync(p, g, t)),
        Group(global, "remove-group", "Remove a member group from a project (its owner and admins)", (c, p, g, t) => c.RemoveProjectGroupAsync(p, g, t)),
        Delete(global),
    };

    /// <summary>A project name argument, checked with <see cref="ProjectNames.NameProblem"/>.</summary>
    public static Argument<string> Name()
    {
        var argument = new Argument<string>("name") { Description = "The project name: 1-64 lower-case letters, digits, '-', '_' and '.', starting with a letter or digit" };
        argument.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && ProjectNames.NameProblem(result.Tokens[0].Value) is { } problem)
            {
                result.AddError($"<name>: {problem}.");
            }
        });
        return argument;
    }

    private static Command List(GlobalOptions global)
    {
        var all = new Option<bool>("--all") { Description = "Every project (admins only), not only those you own or are a member of" };
        var json = new Option<bool>("--json") { Description = "Print the projects as JSON" };
        var list = new Command("list", "List the projects you own or are a member of") { all, json };
        list.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var projects = await client.ListProjectsAsync(parse.GetValue(all), cancellationToken);
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(projects, JobHubJson.Options));
                return ExitCodes.Success;
            }

            TextTable.Write(Console.Out, ["NAME", "OWNER", "GROUPS", "CREATED"], projects.Select(p => (IReadOnlyList<string>)[p.Name, p.Owner, IdentityText.List(p.Groups), JobText.Time(p.CreatedAt)]));
            return ExitCodes.Success;
        });
        return list;
    }

    private static Command Show(GlobalOptions global)
    {
        var name = Name();
        var json = new Option<bool>("--json") { Description = "Print the project as JSON" };
        var show = new Command("show", "Show a project: owner, member groups, creation time") { name, json };
        show.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var info = await client.GetProjectAsync(parse.GetRequiredValue(name), cancellationToken);
            await WriteAsync(info, parse.GetValue(json));
            return ExitCodes.Success;
        });
        return show;
    }

    private static Command CreateProject(GlobalOptions global)
    {
        var name = Name();
        var groups = IdentityArguments.Groups("A member group, realm/name (repeatable): its members become project members");
        var json = new Option<bool>("--json") { Description = "Print the new project as JSON" };
        var create = new Command("create", "Create a project you own") { name, groups, json };
        create.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var info = await client.CreateProjectAsync(parse.GetRequiredValue(name), parse.GetValue(groups) ?? [], cancellationToken);
            await WriteAsync(info, parse.GetValue(json));
            return ExitCodes.Success;
        });
        return create;
    }

    private static Command Group(GlobalOptions global, string verb, string description, Func<JobHubClient, string, GroupRef, CancellationToken, Task<ProjectInfo>> change)
    {
        var name = Name();
        var group = IdentityArguments.Group();
        var command = new Command(verb, description) { name, group };
        command.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var info = await change(client, parse.GetRequiredValue(name), parse.GetRequiredValue(group), cancellationToken);
            await Console.Out.WriteLineAsync($"{JobText.Safe(info.Name)} groups: {IdentityText.List(info.Groups)}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Delete(GlobalOptions global)
    {
        var name = Name();
        var delete = new Command("delete", "Delete a project and every secret of project:NAME (its owner and admins)") { name };
        delete.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var project = parse.GetRequiredValue(name);
            await client.DeleteProjectAsync(project, cancellationToken);
            await Console.Out.WriteLineAsync($"project {project} deleted (with its secrets)");
            return ExitCodes.Success;
        });
        return delete;
    }

    private static async Task WriteAsync(ProjectInfo info, bool json)
    {
        if (json)
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(info, JobHubJson.Options));
            return;
        }

        await Console.Out.WriteLineAsync($"project: {JobText.Safe(info.Name)}");
        await Console.Out.WriteLineAsync($"owner:   {JobText.Safe(info.Owner)}");
        await Console.Out.WriteLineAsync($"groups:  {IdentityText.List(info.Groups)}");
        await Console.Out.WriteLineAsync($"created: {JobText.Time(info.CreatedAt)}");
    }
}
