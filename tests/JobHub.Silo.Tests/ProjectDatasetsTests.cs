using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace JobHub.Silo.Tests;

/// <summary>
/// Datasets shared with a project (issue 10: projects scope the datasets a job can reach), through the real HTTP API of a
/// real silo process: the project's members read the dataset and list it, jobs running in the project name it, and no
/// one else does (not another user, not an admin, not a member's job outside the project); only the owner changes it;
/// deleting the project ends the share, also for a later project of the same name.
/// </summary>
public sealed class ProjectDatasetsTests(IdentitySiloFixture fixture) : IClassFixture<IdentitySiloFixture>
{
    private const string Content = "x,y\n1,2\n";

    [Fact]
    public async Task SharedWithAProject_MembersRead_OthersDoNot_AndOnlyTheOwnerChangesIt()
    {
        var pia = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "pia");
        var ray = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "ray", "site/prism-team");
        var sol = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "sol");
        await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/projects", pia, new { name = "prism", groups = new[] { new { realm = "site", name = "prism-team" } } });
        await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/projects", sol, new { name = "solo" });
        await UploadAsync(pia, "lens.csv");

        var shared = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/api/v1/datasets/pia/lens.csv/visibility", pia, new { visibility = "project", project = "prism" });
        Assert.Equal("project", shared.GetProperty("visibility").GetString());
        Assert.Equal("prism", shared.GetProperty("project").GetString());

        // A member (through the project's group) reads it and finds it in the project's list.
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/datasets/pia/lens.csv", ray);
        Assert.Equal(Content, await ContentAsync(ray, HttpStatusCode.OK));
        Assert.Equal(["pia/lens.csv"], await ProjectListAsync(ray, "prism", HttpStatusCode.OK));

        // Anyone else, admins included, meets a dataset that does not exist, and may not list the project's datasets.
        foreach (var (who, token) in new[] { ("another user", sol), ("an admin", fixture.AdminToken) })
        {
            using var metadata = await fixture.SendAsync(HttpMethod.Get, "/api/v1/datasets/pia/lens.csv", token);
            Assert.True(metadata.StatusCode == HttpStatusCode.NotFound, $"{who}: {(int)metadata.StatusCode}");
            await ContentAsync(token, HttpStatusCode.NotFound);
        }

        await ProjectListAsync(sol, "prism", HttpStatusCode.Forbidden);
        await ProjectListAsync(sol, "no-such-project", HttpStatusCode.NotFound);

        // Only the owner changes or deletes it: a member who can read it is refused 403, another user 404.
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Put, "/api/v1/datasets/pia/lens.csv/visibility", ray, new { visibility = "public" });
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Delete, "/api/v1/datasets/pia/lens.csv", ray);
        await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Delete, "/api/v1/datasets/pia/lens.csv", sol);

        // The owner shares only with a project they are in, named when and only when the visibility is 'project'.
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Put, "/api/v1/datasets/pia/lens.csv/visibility", pia, new { visibility = "project", project = "solo" });
        await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Put, "/api/v1/datasets/pia/lens.csv/visibility", pia, new { visibility = "project", project = "nowhere" });
        foreach (var body in new object[] { new { visibility = "project" }, new { visibility = "project", project = "../etc" }, new { visibility = "public", project = "prism" } })
        {
            var refused = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Put, "/api/v1/datasets/pia/lens.csv/visibility", pia, body);
            Assert.True(refused.GetProperty("errors").TryGetProperty("project", out _), refused.GetRawText());
        }

        var uploadShared = await UploadAsync(pia, "other.csv", "?visibility=project", HttpStatusCode.BadRequest);
        Assert.True(uploadShared.GetProperty("errors").TryGetProperty("visibility", out _), uploadShared.GetRawText());
        await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/datasets/pia/other.csv", pia);

        // Every refusal left it as the owner made it.
        var after = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/datasets/pia/lens.csv", pia);
        Assert.Equal(("project", "prism"), (after.GetProperty("visibility").GetString(), after.GetProperty("project").GetString()));

        // Made private again, the members lose it.
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/api/v1/datasets/pia/lens.csv/visibility", pia, new { visibility = "private" });
        await ContentAsync(ray, HttpStatusCode.NotFound);
        Assert.Empty(await ProjectListAsync(ray, "prism", HttpStatusCode.OK));
    }

    [Fact]
    public async Task AJobReachesAProjectDataset_OnlyWhenItRunsInThatProject()
    {
        var tia = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "tia");
        var uma = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "uma", "site/quartz-team");
        await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/projects", tia, new { name = "quartz", groups = new[] { new { realm = "site", name = "quartz-team" } } });
        await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/projects", uma, new { name = "umas-own" });
        await UploadAsync(tia, "grid.csv");
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/api/v1/datasets/tia/grid.csv/visibility", tia, new { visibility = "project", project = "quartz" });

        // A member's job in the project finds the file in its datasets folder.
        var job = await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/jobs", uma, ReadingJob("quartz"));
        var id = job.GetProperty("jobId").GetString()!;
        await fixture.WaitForStateAsync(id, uma, "completed");
        Assert.Contains("1,2", await LogAsync(uma, id), StringComparison.Ordinal);

        // The same member's job outside the project, or in another project, does not reach it.
        foreach (var project in new[] { null, "umas-own" })
        {
            var refused = await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Post, "/api/v1/jobs", uma, ReadingJob(project));
            Assert.Contains("tia/grid.csv", refused.GetProperty("errors").GetProperty("datasets")[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DeletingTheProject_EndsTheShare_EvenForALaterProjectOfTheSameName()
    {
        var vik = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "vik");
        var wes = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "wes", "site/opal-team");
        await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/projects", vik, new { name = "opal", groups = new[] { new { realm = "site", name = "opal-team" } } });
        await UploadAsync(vik, "gems.csv");
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/api/v1/datasets/vik/gems.csv/visibility", vik, new { visibility = "project", project = "opal" });
        Assert.Equal(Content, await ContentAsync(wes, HttpStatusCode.OK, "vik/gems.csv"));

        await fixture.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, "/api/v1/projects/opal", vik);
        var kept = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/datasets/vik/gems.csv", vik);
        Assert.Equal("private", kept.GetProperty("visibility").GetString());

        // Someone else takes the name, with the old group: the dataset stays the owner's alone.
        await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/projects", wes, new { name = "opal", groups = new[] { new { realm = "site", name = "opal-team" } } });
        await ContentAsync(wes, HttpStatusCode.NotFound, "vik/gems.csv");
        Assert.Empty(await ProjectListAsync(wes, "opal", HttpStatusCode.OK));
        var audit = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/audit?action=dataset.visibility&actor=vik", fixture.AdminToken);
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("detail").GetString()!.Contains("project was deleted", StringComparison.Ordinal));
    }

    private static object ReadingJob(string? project) => new
    {
        name = "reads a project dataset",
        command = "/bin/sh",
        arguments = new[] { "-c", "cat datasets/grid.csv" },
        nodeType = "local",
        project,
        datasets = new[] { "tia/grid.csv" },
        processResources = new { vcpu = 0.1, memoryMiB = 64, gpus = 0 },
    };

    private async Task<JsonElement> UploadAsync(string token, string name, string query = "", HttpStatusCode status = HttpStatusCode.Created)
    {
        using var request = fixture.Request(HttpMethod.Put, $"/api/v1/datasets/{name}{query}", token);
        request.Content = new StringContent(Content);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await fixture.Silo.AnonymousHttp.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"upload {name}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<string> ContentAsync(string token, HttpStatusCode status, string dataset = "pia/lens.csv")
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/datasets/{dataset}/content", token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"download {dataset}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text;
    }

    private async Task<string[]> ProjectListAsync(string token, string project, HttpStatusCode status)
    {
        var page = await fixture.ExpectAsync(status, HttpMethod.Get, $"/api/v1/datasets?project={project}", token);
        return status == HttpStatusCode.OK
            ? [.. page.GetProperty("datasets").EnumerateArray().Select(d => $"{d.GetProperty("owner").GetString()}/{d.GetProperty("name").GetString()}")]
            : [];
    }

    private async Task<string> LogAsync(string token, string id)
    {
        var logs = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{id}/logs?limit=1000", token);
        return string.Join('\n', logs.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("text").GetString()));
    }
}
