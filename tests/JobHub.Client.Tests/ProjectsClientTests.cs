using System.Net;
using System.Text;
using System.Text.Json;
using JobHub.Client.Tests.Infrastructure;
using JobHub.Contracts.Identity;
using JobHub.Contracts.Jobs;

namespace JobHub.Client.Tests;

/// <summary>
/// Projects through the SDK and <c>jobhub projects</c> against a real silo process (its admin token from the data folder,
/// users invited and accepted through the SDK), and <c>jobhub submit --project/--dataset</c> reaching the job spec and the job's folder.
/// </summary>
public sealed class ProjectsClientTests(IdentityClientFixture fixture) : IClassFixture<IdentityClientFixture>
{
    private static readonly GroupRef Team = new("site", "proj-team");

    [Fact]
    public async Task Sdk_CreateListGetChangeGroups_JobsOfMembersOnly_Delete()
    {
        using var owner = fixture.ClientFor(await fixture.InviteAndAcceptAsync("sdk-olga"));
        using var member = fixture.ClientFor(await fixture.InviteAndAcceptAsync("sdk-max", Team.Key));
        using var stranger = fixture.ClientFor(await fixture.InviteAndAcceptAsync("sdk-nina"));
        using var admin = fixture.ClientFor(fixture.AdminToken);

        var created = await owner.CreateProjectAsync("sdk-proj", [Team]);
        Assert.Equal("sdk-olga", created.Owner);
        Assert.Equal<GroupRef>([Team], created.Groups);

        Assert.Contains(await owner.ListProjectsAsync(), p => p.Name == "sdk-proj");
        Assert.Contains(await member.ListProjectsAsync(), p => p.Name == "sdk-proj");
        Assert.DoesNotContain(await stranger.ListProjectsAsync(), p => p.Name == "sdk-proj");
        Assert.Contains(await admin.ListProjectsAsync(all: true), p => p.Name == "sdk-proj");
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<JobHubApiException>(() => stranger.ListProjectsAsync(all: true))).StatusCode);

        Assert.Equal("sdk-olga", (await member.GetProjectAsync("sdk-proj")).Owner);
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<JobHubApiException>(() => stranger.GetProjectAsync("sdk-proj"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Assert.ThrowsAsync<JobHubApiException>(() => stranger.CreateProjectAsync("sdk-proj"))).StatusCode);

        // A member's job in the project runs; a non-member's is refused naming the project, and nothing is created.
        var job = await member.SubmitAsync(SiloFixture.Shell("true") with { Project = "sdk-proj" });
        Assert.Equal("sdk-proj", job.Spec.Project);
        Assert.Equal(JobState.Completed, (await member.WaitForCompletionAsync(job.JobId)).State);
        var refused = await Assert.ThrowsAsync<JobHubApiException>(() => stranger.SubmitAsync(SiloFixture.Shell("true") with { Project = "sdk-proj" }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("sdk-proj", refused.Message, StringComparison.Ordinal);
        Assert.Empty((await stranger.ListAsync()).Jobs);

        // Without the group, the member is no longer one; the stranger may not change the project.
        var removed = await owner.RemoveProjectGroupAsync("sdk-proj", Team);
        Assert.Empty(removed.Groups);
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<JobHubApiException>(() => member.SubmitAsync(SiloFixture.Shell("true") with { Project = "sdk-proj" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<JobHubApiException>(() => stranger.AddProjectGroupAsync("sdk-proj", BuiltInUsers))).StatusCode);
        Assert.Equal<GroupRef>([Team], (await owner.AddProjectGroupAsync("sdk-proj", Team)).Groups);
        Assert.Equal("sdk-proj", (await member.GetProjectAsync("sdk-proj")).Name);

        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<JobHubApiException>(() => stranger.DeleteProjectAsync("sdk-proj"))).StatusCode);
        await owner.DeleteProjectAsync("sdk-proj");
        Assert.True((await Assert.ThrowsAsync<JobHubApiException>(() => owner.GetProjectAsync("sdk-proj"))).IsNotFound);
        Assert.DoesNotContain(await admin.ListProjectsAsync(all: true), p => p.Name == "sdk-proj");
    }

    [Fact]
    public async Task Sdk_RefusesBadNamesAndGroups_BeforeSending()
    {
        var counting = new CountingHandler();
        using var http = new HttpClient(counting) { BaseAddress = fixture.Url };
        using var client = new JobHubClient(http, new JobHubClientOptions { BaseAddress = fixture.Url, Token = fixture.AdminToken });

        var create = await Assert.ThrowsAsync<JobHubValidationException>(() => client.CreateProjectAsync("Bad Name", [new GroupRef("nowhere", "x")]));
        Assert.Equal(["groups[0]", "name"], create.Errors.Keys.Order(StringComparer.Ordinal));
        var tooMany = await Assert.ThrowsAsync<JobHubValidationException>(() => client.CreateProjectAsync("fine", Enumerable.Range(0, 101).Select(i => new GroupRef("site", $"g{i}"))));
        Assert.Equal(["groups"], tooMany.Errors.Keys);
        Assert.Contains("name", (await Assert.ThrowsAsync<JobHubValidationException>(() => client.GetProjectAsync("../x"))).Errors.Keys);
        Assert.Contains("group", (await Assert.ThrowsAsync<JobHubValidationException>(() => client.AddProjectGroupAsync("fine", new GroupRef("site", "A/B")))).Errors.Keys);
        Assert.Contains("name", (await Assert.ThrowsAsync<JobHubValidationException>(() => client.DeleteProjectAsync(string.Empty))).Errors.Keys);
        Assert.Equal(0, counting.Requests);
    }

    [Fact]
    public async Task Cli_CreateListShowChangeGroupsDelete_AndBadInputChangesNothing()
    {
        var token = await fixture.InviteAndAcceptAsync("cli-petra");
        using var admin = fixture.ClientFor(fixture.AdminToken);

        var create = await Cli(token, "projects", "create", "cli-proj", "--group", Team.Key);
        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.Contains("owner:   cli-petra", create.Out, StringComparison.Ordinal);
        Assert.Contains("site/proj-team", create.Out, StringComparison.Ordinal);

        var list = await Cli(token, "projects", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("cli-proj", list.Out, StringComparison.Ordinal);
        var listJson = await Cli(token, "projects", "list", "--json");
        Assert.Equal(["cli-proj"], JsonDocument.Parse(listJson.Out).RootElement.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var all = await Cli(token, "projects", "list", "--all");
        Assert.True(all.ExitCode == 4, all.ToString());

        var added = await Cli(token, "projects", "add-group", "cli-proj", "jobhub/users");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Contains("jobhub/users", added.Out, StringComparison.Ordinal);
        var removed = await Cli(token, "projects", "remove-group", "cli-proj", Team.Key);
        Assert.True(removed.ExitCode == 0, removed.ToString());
        var show = await Cli(token, "projects", "show", "cli-proj", "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Equal(["jobhub/users"], JsonDocument.Parse(show.Out).RootElement.GetProperty("groups").EnumerateArray().Select(g => $"{g.GetProperty("realm").GetString()}/{g.GetProperty("name").GetString()}"));

        // Bad input: exit code 2, one line naming the argument or option, nothing created or changed.
        foreach (var arguments in new[]
        {
            new[] { "projects", "create", "Bad_Name" },
            ["projects", "create", "cli-bad", "--group", "nowhere/x"],
            ["projects", "add-group", "cli-proj", "site"],
            ["projects", "show", "../etc"],
        })
        {
            var bad = await Cli(token, arguments);
            Assert.True(bad.ExitCode == 2, string.Join(' ', arguments) + ": " + bad);
            Assert.Single(bad.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Matches("<name>|<group>|--group", bad.Error);
        }

        var projects = await admin.ListProjectsAsync(all: true);
        Assert.DoesNotContain(projects, p => p.Name is "cli-bad" or "bad_name");
        Assert.Equal<GroupRef>([new GroupRef("jobhub", "users")], projects.Single(p => p.Name == "cli-proj").Groups);

        var delete = await Cli(token, "projects", "delete", "cli-proj");
        Assert.True(delete.ExitCode == 0, delete.ToString());
        var gone = await Cli(token, "projects", "show", "cli-proj");
        Assert.True(gone.ExitCode == 3, gone.ToString());
    }

    [Fact]
    public async Task CliSubmit_ProjectAndDatasets_ReachTheSpecAndTheJobFolder_UnknownOnesAreRefused()
    {
        var token = await fixture.InviteAndAcceptAsync("cli-rita");
        using var rita = fixture.ClientFor(token);
        await rita.CreateProjectAsync("rita-proj");
        using (var content = new MemoryStream(Encoding.UTF8.GetBytes("1 2 3\n")))
        {
            await rita.UploadDatasetAsync(content, "numbers.txt");
        }

        string[] job = ["--vcpu", "0.25", "--memory", "64", "--", "/bin/sh", "-c", "ls datasets; cat datasets/numbers.txt"];
        var submit = await Cli(token, ["submit", "--project", "rita-proj", "--dataset", "numbers.txt", "--json", .. job]);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var info = JsonSerializer.Deserialize<JobInfo>(submit.Out, JobHubJson.Options)!;
        Assert.Equal("rita-proj", info.Spec.Project);
        Assert.Equal<string>(["numbers.txt"], info.Spec.Datasets);
        var done = await rita.WaitForCompletionAsync(info.JobId);
        Assert.True(done.State == JobState.Completed, $"{done.State}: {done.Reason}");
        var lines = (await rita.ReadLogsAsync(info.JobId)).Entries.Select(e => e.Text).ToList();
        Assert.Contains("numbers.txt", lines);
        Assert.Contains("1 2 3", lines);

        // Refused by the server: an unknown dataset (404 naming it), a project that does not exist (404), another's project (403).
        var unknown = await Cli(token, ["submit", "--dataset", "missing.bin", .. job]);
        Assert.True(unknown.ExitCode == 3, unknown.ToString());
        Assert.Contains("missing.bin", unknown.Error, StringComparison.Ordinal);
        var noProject = await Cli(token, ["submit", "--project", "no-such-proj", .. job]);
        Assert.True(noProject.ExitCode == 3, noProject.ToString());
        var otherToken = await fixture.InviteAndAcceptAsync("cli-sven");
        var notMember = await Cli(otherToken, ["submit", "--project", "rita-proj", .. job]);
        Assert.True(notMember.ExitCode == 4, notMember.ToString());
        Assert.Contains("rita-proj", notMember.Error, StringComparison.Ordinal);

        // Refused while parsing: exit code 2, one line naming the option.
        foreach (var (option, value) in new[] { ("--project", "Not A Name"), ("--dataset", "../etc/passwd"), ("--dataset", "Bad Owner/x") })
        {
            var bad = await Cli(token, ["submit", option, value, .. job]);
            Assert.True(bad.ExitCode == 2, $"{option} {value}: {bad}");
            Assert.Single(bad.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: " + option + ":", bad.Error, StringComparison.Ordinal);
        }

        Assert.Equal([info.JobId], (await rita.ListAsync()).Jobs.Select(j => j.JobId));
    }

    private static GroupRef BuiltInUsers => new("jobhub", "users");

    private Task<CliRun> Cli(string token, params string[] arguments) => CliRun.RunAsync(fixture.Url, arguments, token: token, timeout: TimeSpan.FromSeconds(60));
}
