using System.Net;
using System.Net.Http.Headers;

namespace JobHub.Silo.Tests;

/// <summary>
/// The dataset, admin and platform-policy rows of issue 10's permissions table (docs/identity.md), through the real HTTP API of a real
/// silo process, each row tried by every column: no token (<c>anon</c>), another regular user, an admin, the owner.
/// Another's private dataset answers 404 like one that does not exist (admins included); refusals change nothing.
/// </summary>
public sealed class DatasetPermissionsTableTests(IdentitySiloFixture fixture) : IClassFixture<IdentitySiloFixture>, IAsyncLifetime
{
    private const HttpStatusCode Anyone = 0;
    private static int s_datasets;
    private string _owner = null!;
    private string _other = null!;

    /// <summary>Row, then the answers for: anon, another user, an admin (<see cref="Anyone"/>: any success); the owner always succeeds.</summary>
    public static TheoryData<string, HttpStatusCode, HttpStatusCode, HttpStatusCode> Rows() => new()
    {
        { "view storage metadata of a private dataset", HttpStatusCode.Unauthorized, HttpStatusCode.NotFound, HttpStatusCode.NotFound },
        { "read a private dataset", HttpStatusCode.Unauthorized, HttpStatusCode.NotFound, HttpStatusCode.NotFound },
        { "read a public dataset", HttpStatusCode.Unauthorized, Anyone, Anyone },
        { "change visibility", HttpStatusCode.Unauthorized, HttpStatusCode.NotFound, HttpStatusCode.NotFound },
        { "delete", HttpStatusCode.Unauthorized, HttpStatusCode.NotFound, HttpStatusCode.NotFound },
        { "delete a public dataset", HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden },
    };

    public async Task InitializeAsync()
    {
        _owner = await fixture.TokenOfAsync("dora");
        _other = await fixture.TokenOfAsync("dirk");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task DatasetRow(string row, HttpStatusCode anon, HttpStatusCode other, HttpStatusCode admin)
    {
        var name = $"table-{Interlocked.Increment(ref s_datasets)}.csv";
        using (var uploaded = await UploadAsync(name, _owner))
        {
            Assert.True(uploaded.IsSuccessStatusCode, $"upload: {(int)uploaded.StatusCode} {await uploaded.Content.ReadAsStringAsync()}");
        }

        if (row.Contains("public", StringComparison.Ordinal))
        {
            await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"/api/v1/datasets/dora/{name}/visibility", _owner, new { visibility = "public" });
        }

        var visibility = row.Contains("public", StringComparison.Ordinal) ? "public" : "private";
        var (method, path, body) = row switch
        {
            "change visibility" => (HttpMethod.Put, $"/api/v1/datasets/dora/{name}/visibility", (object?)new { visibility = "public" }),
            "delete" or "delete a public dataset" => (HttpMethod.Delete, $"/api/v1/datasets/dora/{name}", null),
            "view storage metadata of a private dataset" => (HttpMethod.Get, $"/api/v1/datasets/dora/{name}", null),
            _ => (HttpMethod.Get, $"/api/v1/datasets/dora/{name}/content", null),
        };

        foreach (var (column, token, expected) in new (string, string?, HttpStatusCode)[] { ("anon", null, anon), ("another user", _other, other), ("an admin", fixture.AdminToken, admin) })
        {
            using var response = await fixture.SendAsync(method, path, token, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(expected == Anyone ? response.IsSuccessStatusCode : response.StatusCode == expected, $"{row} by {column}: expected {(expected == Anyone ? "success" : ((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture))}, got {(int)response.StatusCode}: {text}");
        }

        // The refusals changed nothing: the dataset is there, as the owner left it.
        var metadata = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/datasets/dora/{name}", _owner);
        Assert.Equal(visibility, metadata.GetProperty("visibility").GetString());
        Assert.Equal(3, metadata.GetProperty("sizeBytes").GetInt64());

        using var allowed = await fixture.SendAsync(method, path, _owner, body);
        Assert.True(allowed.IsSuccessStatusCode, $"{row} by the owner: {(int)allowed.StatusCode} {await allowed.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task UploadOwn_NeedsAUser_AndLandsInTheirOwnName()
    {
        using (var anonymous = await UploadAsync("anon.csv", token: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var byOther = await UploadAsync("dirks.csv", _other))
        {
            Assert.True(byOther.IsSuccessStatusCode, await byOther.Content.ReadAsStringAsync());
        }

        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/datasets/dirk/dirks.csv", _other);
        await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/datasets/dora/dirks.csv", _owner);
    }

    [Fact]
    public async Task TheAuditLog_IsForAdminsOnly()
    {
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/audit", token: null);
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/audit", _other);
        var entries = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/audit?action=audit.read", fixture.AdminToken);
        Assert.Contains(entries.GetProperty("entries").EnumerateArray(), e => e.GetProperty("actor").GetString() == "dirk" && e.GetProperty("outcome").GetString() == "denied");
    }

    [Fact]
    public async Task PlatformPolicy_FeatureGrants_AreManagedByAdminsOnly_AndARefusalChangesNothing()
    {
        const string Path = "/api/v1/groups/site/policy-row/features/interactive-jobs";
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete })
        {
            await fixture.ExpectAsync(HttpStatusCode.Forbidden, method, Path, token: null);
            await fixture.ExpectAsync(HttpStatusCode.Forbidden, method, Path, _other);
        }

        Assert.DoesNotContain("interactive-jobs", await GroupFeaturesAsync());
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, Path, fixture.AdminToken);
        Assert.Contains("interactive-jobs", await GroupFeaturesAsync());
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Delete, Path, _owner);
        Assert.Contains("interactive-jobs", await GroupFeaturesAsync());
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Delete, Path, fixture.AdminToken);
        Assert.DoesNotContain("interactive-jobs", await GroupFeaturesAsync());
    }

    private async Task<string?[]> GroupFeaturesAsync()
    {
        var group = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/groups/site/policy-row/features", fixture.AdminToken);
        return [.. group.GetProperty("features").EnumerateArray().Select(f => f.GetString())];
    }

    private async Task<HttpResponseMessage> UploadAsync(string name, string? token)
    {
        using var request = fixture.Request(HttpMethod.Put, $"/api/v1/datasets/{name}", token);
        request.Content = new ByteArrayContent([1, 2, 3]);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await fixture.Silo.AnonymousHttp.SendAsync(request);
    }
}
