using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

public sealed class BundlesApiTests(SmallBundleLimitSiloFixture fixture) : IClassFixture<SmallBundleLimitSiloFixture>
{
    private const int LimitBytes = SmallBundleLimitSiloFixture.LimitBytes;

    private HttpClient Http => fixture.Silo.Http;

    [Fact]
    public async Task UploadBundle_ThenRunAJobFromIt_TheEntryScriptReadsItsData()
    {
        using var archive = await ArchiveAsync(
            ("run.sh", "#!/bin/sh\necho \"bundle says $(cat data/message.txt) to $1\"\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute),
            ("data/message.txt", "hello", UnixFileMode.UserRead | UnixFileMode.UserWrite));

        var archiveLength = archive.Length;
        var upload = await UploadAsync(archive);

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var bundle = await upload.Content.ReadFromJsonAsync<JsonElement>();
        var bundleId = bundle.GetProperty("bundleId").GetString()!;
        Assert.StartsWith("bundle-", bundleId, StringComparison.Ordinal);
        Assert.Equal(2, bundle.GetProperty("files").GetInt32());
        Assert.Equal(archiveLength, bundle.GetProperty("sizeBytes").GetInt64());
        Assert.Equal($"/api/v1/bundles/{bundleId}", upload.Headers.Location?.OriginalString);
        var described = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/bundles/{bundleId}");
        Assert.Equal(bundleId, described.GetProperty("bundleId").GetString());

        var submitted = await Http.PostAsJsonAsync("/api/v1/jobs", new
        {
            name = "from-bundle",
            entryScript = "run.sh",
            codeBundleId = bundleId,
            arguments = new[] { "the api" },
            nodeType = "local",
            processResources = new { vcpu = 0.25, memoryMiB = 64 },
        });
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString()!;

        JsonElement job = default;
        await Eventually.WaitUntilAsync(
            async () => (job = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}")).GetProperty("state").GetString() is "completed" or "failed",
            $"job {id} ends",
            TimeSpan.FromSeconds(30));
        Assert.Equal("completed", job.GetProperty("state").GetString());
        var logs = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}/logs");
        Assert.Contains(logs.GetProperty("entries").EnumerateArray(), e => e.GetProperty("text").GetString() == "bundle says hello to the api");
    }

    [Fact]
    public async Task UploadBundle_NotATarGz_Is400NamingTheProblem()
    {
        using var garbage = new MemoryStream(Encoding.UTF8.GetBytes("definitely not a gzip stream"));

        var response = await UploadAsync(garbage);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not a valid tar.gz", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadBundle_EntryLeavingTheFolder_Is400NamingTheEntry()
    {
        using var archive = await ArchiveAsync(("ok.txt", "fine", UnixFileMode.UserRead), ("../../escape.sh", "echo gotcha", UnixFileMode.UserRead));

        var response = await UploadAsync(archive);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("'../../escape.sh'", detail, StringComparison.Ordinal);
        Assert.Contains("leaves the bundle folder", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadBundle_OverTheConfiguredLimit_Is413()
    {
        // Random bytes do not compress, so the archive itself is over the 64 KiB limit.
        var noise = new byte[2 * LimitBytes];
        new Random(7).NextBytes(noise);
        using var archive = await ArchiveAsync(("noise.bin", Convert.ToBase64String(noise), UnixFileMode.UserRead));

        var response = await UploadAsync(archive);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains($"{LimitBytes}", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadBundle_UnpackingOverTheLimit_Is413()
    {
        // Compresses to a few hundred bytes but unpacks to 128 KiB.
        using var archive = await ArchiveAsync(("zeros.txt", new string('0', 2 * LimitBytes), UnixFileMode.UserRead));
        Assert.True(archive.Length < LimitBytes);

        var response = await UploadAsync(archive);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("unpacks to more than the limit", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadBundle_WrongContentType_Is415()
    {
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");

        var response = await Http.PostAsync("/api/v1/bundles", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task SubmitJob_WithUnknownBundle_Is400OnCodeBundleId()
    {
        var response = await Http.PostAsJsonAsync("/api/v1/jobs", new { name = "x", entryScript = "run.sh", codeBundleId = "bundle-ffffffffffffffff", nodeType = "local" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("bundle-ffffffffffffffff", errors.GetProperty("codeBundleId")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBundle_Unknown_Is404()
    {
        var response = await Http.GetAsync("/api/v1/bundles/bundle-0000000000000000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<HttpResponseMessage> UploadAsync(Stream archive)
    {
        using var content = new StreamContent(archive);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        return await Http.PostAsync("/api/v1/bundles", content);
    }

    /// <summary>A tar.gz written entry by entry, so tests can also make entries the CLI would never pack.</summary>
    private static async Task<MemoryStream> ArchiveAsync(params (string Name, string Content, UnixFileMode Mode)[] files)
    {
        var archive = new MemoryStream();
        await using (var gzip = new GZipStream(archive, CompressionLevel.Optimal, leaveOpen: true))
        await using (var writer = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (name, content, mode) in files)
            {
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = mode, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        archive.Position = 0;
        return archive;
    }
}
