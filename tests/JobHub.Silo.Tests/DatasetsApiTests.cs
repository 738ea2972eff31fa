using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>Datasets on a real silo process: streamed upload and download, quota, replacement, visibility and names.</summary>
public sealed class DatasetsApiTests(DatasetsSiloFixture fixture) : IClassFixture<DatasetsSiloFixture>
{
    [Fact]
    public async Task LargeDataset_IsStreamedUpAndDown_WithItsSha256_AndTheSiloNeverHoldsIt()
    {
        const long Size = 64L << 20;
        var token = await fixture.TokenOfAsync("lara");
        var expected = DatasetsContent.Sha256Of(Size, seed: 64);
        var before = PeakResidentBytes(fixture.Silo.Process.Id);

        // Chunked: the silo learns the size only by reading the whole stream.
        var stored = await fixture.UploadAsync(token, "big.bin", DatasetsContent.Generated(Size, 64, declareLength: false), HttpStatusCode.Created);
        Assert.Equal(expected, stored.GetProperty("sha256").GetString());
        Assert.Equal(Size, stored.GetProperty("sizeBytes").GetInt64());
        Assert.Equal("private", stored.GetProperty("visibility").GetString());
        Assert.Equal("lara", stored.GetProperty("owner").GetString());

        var (sha, length, response) = await fixture.DownloadAsync(token, "lara", "big.bin");
        using (response)
        {
            Assert.Equal(expected, sha);
            Assert.Equal(Size, length);
            Assert.Equal(Size, response.Content.Headers.ContentLength);
            Assert.Equal($"\"{expected}\"", response.Headers.ETag?.Tag);
        }

        // Neither direction needed the file in the silo's memory: its peak resident size grew by far less than 64 MiB.
        var grown = PeakResidentBytes(fixture.Silo.Process.Id) - before;
        Assert.True(grown < 40L << 20, $"The silo's peak resident memory grew by {grown >> 20} MiB while moving a 64 MiB dataset.");

        // A range of it, as a resumed download asks.
        using var ranged = fixture.Request(HttpMethod.Get, "/api/v1/datasets/lara/big.bin/content", token);
        ranged.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var part = await fixture.Silo.AnonymousHttp.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(DatasetsContent.Bytes(2000, 64)[1000..], await part.Content.ReadAsByteArrayAsync());

        var usage = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/datasets/usage", token);
        Assert.Equal(Size, usage.GetProperty("usedBytes").GetInt64());
        Assert.Empty(Directory.GetFiles(fixture.IncomingDirectory));
    }

    [Fact]
    public async Task UploadOverTheQuota_IsRefusedWithTheFigures_AndLeavesNothing()
    {
        var token = await fixture.TokenOfAsync(DatasetsSiloFixture.TightUser);
        await fixture.UploadAsync(token, "small.bin", DatasetsContent.Generated(600_000, 1), HttpStatusCode.Created);
        var usageBefore = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/datasets/usage", token);
        Assert.Equal(600_000, usageBefore.GetProperty("usedBytes").GetInt64());
        Assert.Equal(DatasetsSiloFixture.TightQuota, usageBefore.GetProperty("quotaBytes").GetInt64());

        // Refused from its declared length, and (chunked) while it streams.
        foreach (var declared in new[] { true, false })
        {
            var refused = await fixture.UploadAsync(token, "too-big.bin", DatasetsContent.Generated(600_000, 2, declared), HttpStatusCode.RequestEntityTooLarge);
            var detail = refused.GetProperty("detail").GetString()!;
            Assert.Contains("600000 bytes", detail, StringComparison.Ordinal);
            Assert.Contains($"{DatasetsSiloFixture.TightQuota} bytes", detail, StringComparison.Ordinal);
            Assert.True(refused.GetProperty("errors").TryGetProperty("content", out _), refused.ToString());
        }

        await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, $"/api/v1/datasets/{DatasetsSiloFixture.TightUser}/too-big.bin", token);
        var usageAfter = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/datasets/usage", token);
        Assert.Equal(usageBefore.ToString(), usageAfter.ToString());
        var names = (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/datasets", token)).GetProperty("datasets").EnumerateArray().Select(d => d.GetProperty("name").GetString());
        Assert.Equal(["small.bin"], names);
        Assert.Empty(Directory.GetFiles(fixture.IncomingDirectory));

        // Replacing counts the replaced bytes as free: 1 MiB replaces the 600 000 bytes within the 1 MiB quota.
        var replaced = await fixture.UploadAsync(token, "small.bin", DatasetsContent.Generated(DatasetsSiloFixture.TightQuota, 3), HttpStatusCode.OK);
        Assert.Equal(DatasetsSiloFixture.TightQuota, replaced.GetProperty("sizeBytes").GetInt64());
    }

    [Fact]
    public async Task Replacement_KeepsTheOldContentReadable_UntilTheNewUploadCompletes()
    {
        var token = await fixture.TokenOfAsync("rita");
        var first = await fixture.UploadAsync(token, "table.csv", DatasetsContent.Generated(2 << 20, 10), HttpStatusCode.Created, "?visibility=public");
        var oldSha = first.GetProperty("sha256").GetString()!;
        var newBody = DatasetsContent.Generated(3 << 20, 11, pauseAfter: 1 << 20);
        var upload = fixture.UploadAsync(token, "table.csv", newBody, HttpStatusCode.OK);
        await newBody.Paused.WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.WaitUntilAsync(() => Directory.GetFiles(fixture.IncomingDirectory).Length > 0, "the new upload arrives in the incoming folder");

        // Half-way through the new upload: the old content and metadata are still what readers get.
        var (during, _, response) = await fixture.DownloadAsync(token, "rita", "table.csv");
        response.Dispose();
        Assert.Equal(oldSha, during);
        Assert.Equal(oldSha, (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/datasets/rita/table.csv", token)).GetProperty("sha256").GetString());

        newBody.Resume();
        var second = await upload;
        var newSha = DatasetsContent.Sha256Of(3 << 20, 11);
        Assert.Equal(newSha, second.GetProperty("sha256").GetString());
        Assert.Equal("public", second.GetProperty("visibility").GetString());
        Assert.Equal(first.GetProperty("createdAt").GetString(), second.GetProperty("createdAt").GetString());
        var (after, _, response2) = await fixture.DownloadAsync(token, "rita", "table.csv");
        response2.Dispose();
        Assert.Equal(newSha, after);

        // The replaced content is gone from the disk; the usage counts only the new one.
        Assert.DoesNotContain(Directory.EnumerateFiles(fixture.ContentDirectory, "*", SearchOption.AllDirectories), f => Path.GetFileName(f) == oldSha);
        Assert.Equal(3 << 20, (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/datasets/usage", token)).GetProperty("usedBytes").GetInt64());
    }

    [Fact]
    public async Task PrivateDataset_Is404ForOthersAndAdmins_LikeNoDataset_AndPublicIsReadable()
    {
        var owner = await fixture.TokenOfAsync("paula");
        var other = await fixture.TokenOfAsync("otto");
        await fixture.UploadAsync(owner, "secret.txt", DatasetsContent.Generated(1000, 20), HttpStatusCode.Created);

        foreach (var reader in new[] { other, fixture.AdminToken })
        {
            var hidden = await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/datasets/paula/secret.txt", reader);
            var missing = await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/datasets/paula/no-such.txt", reader);
            Assert.Equal(missing.GetProperty("title").GetString(), hidden.GetProperty("title").GetString());
            Assert.Equal(missing.GetProperty("detail").GetString()!.Replace("no-such.txt", "secret.txt", StringComparison.Ordinal), hidden.GetProperty("detail").GetString());
            await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/datasets/paula/secret.txt/content", reader);
            Assert.DoesNotContain("secret.txt", (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/datasets?public=true", reader)).ToString(), StringComparison.Ordinal);
        }

        // No token: nothing at all.
        await fixture.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, "/api/v1/datasets/paula/secret.txt", token: null);
        await fixture.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, "/api/v1/datasets", token: null);
        using (var anonymous = new ByteArrayContent([1, 2, 3]))
        {
            anonymous.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var request = fixture.Request(HttpMethod.Put, "/api/v1/datasets/anon.bin", token: null);
            request.Content = anonymous;
            using var response = await fixture.Silo.AnonymousHttp.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var made = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/api/v1/datasets/paula/secret.txt/visibility", owner, new { visibility = "public" });
        Assert.Equal("public", made.GetProperty("visibility").GetString());
        var expected = DatasetsContent.Sha256Of(1000, 20);
        foreach (var reader in new[] { other, fixture.AdminToken })
        {
            Assert.Equal(expected, (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/datasets/paula/secret.txt", reader)).GetProperty("sha256").GetString());
            var (sha, _, response) = await fixture.DownloadAsync(reader, "paula", "secret.txt");
            response.Dispose();
            Assert.Equal(expected, sha);
            var listed = (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/datasets?public=true&limit=200", reader)).GetProperty("datasets").EnumerateArray();
            Assert.Contains(listed, d => d.GetProperty("owner").GetString() == "paula" && d.GetProperty("name").GetString() == "secret.txt");
        }

        // Private again: hidden again.
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/api/v1/datasets/paula/secret.txt/visibility", owner, new { visibility = "private" });
        await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/datasets/paula/secret.txt/content", other);
    }

    [Fact]
    public async Task OnlyTheOwner_DeletesOrChangesTheVisibility()
    {
        var owner = await fixture.TokenOfAsync("olive");
        var other = await fixture.TokenOfAsync("oscar");
        await fixture.UploadAsync(owner, "open.dat", DatasetsContent.Generated(500, 30), HttpStatusCode.Created, "?visibility=public");
        await fixture.UploadAsync(owner, "closed.dat", DatasetsContent.Generated(500, 31), HttpStatusCode.Created);

        foreach (var intruder in new[] { other, fixture.AdminToken })
        {
            await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Delete, "/api/v1/datasets/olive/open.dat", intruder);
            await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Put, "/api/v1/datasets/olive/open.dat/visibility", intruder, new { visibility = "private" });
            await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Delete, "/api/v1/datasets/olive/closed.dat", intruder);
            await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Put, "/api/v1/datasets/olive/closed.dat/visibility", intruder, new { visibility = "public" });
        }

        await fixture.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Delete, "/api/v1/datasets/olive/open.dat", token: null);
        Assert.Equal("public", (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/datasets/olive/open.dat", other)).GetProperty("visibility").GetString());
        Assert.Equal("private", (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/datasets/olive/closed.dat", owner)).GetProperty("visibility").GetString());

        await fixture.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, "/api/v1/datasets/olive/open.dat", owner);
        await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/datasets/olive/open.dat", other);
        await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/datasets/olive/open.dat/content", owner);
        var mine = (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/datasets", owner)).GetProperty("datasets").EnumerateArray().Select(d => d.GetProperty("name").GetString());
        Assert.Equal(["closed.dat"], mine);
    }

    [Theory]
    [InlineData("a..b", "'..'")]
    [InlineData(".hidden", "start with '.'")]
    [InlineData("a%2Fb", "'/'")]
    [InlineData("..%2F..%2Fetc", "'/'")]
    [InlineData("tab%09name", "U+0009")]
    [InlineData("caf%C3%A9", "U+00E9")]
    [InlineData("space%20name", "U+0020")]
    public async Task BadName_IsRefusedWithTheFieldNamed_AndNothingIsStored(string escapedName, string rule)
    {
        var token = await fixture.TokenOfAsync("nina");
        var refused = await fixture.UploadAsync(token, escapedName, DatasetsContent.Generated(100, 40), HttpStatusCode.BadRequest);
        var problems = refused.GetProperty("errors").GetProperty("name").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(problems, p => p.Contains(rule, StringComparison.Ordinal));
        Assert.Equal(0, (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/datasets/usage", token)).GetProperty("datasets").GetInt32());
    }

    [Fact]
    public async Task OversizedOrDotDotName_IsNeverStored()
    {
        var token = await fixture.TokenOfAsync("nils");
        var refused = await fixture.UploadAsync(token, new string('x', 129), DatasetsContent.Generated(100, 41), HttpStatusCode.BadRequest);
        Assert.Contains("at most 128 characters", refused.GetProperty("errors").GetProperty("name")[0].GetString(), StringComparison.Ordinal);

        // ".." as a whole segment never reaches the API as a name (the path is normalised first), and nothing is stored.
        foreach (var name in new[] { "..", "%2E%2E" })
        {
            using var request = fixture.Request(HttpMethod.Put, $"/api/v1/datasets/{name}", token);
            request.Content = new ByteArrayContent([1, 2, 3]);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var response = await fixture.Silo.AnonymousHttp.SendAsync(request);
            Assert.False(response.IsSuccessStatusCode, $"PUT {name}: {(int)response.StatusCode}");
        }

        Assert.Equal(0, (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/datasets/usage", token)).GetProperty("datasets").GetInt32());
    }

    /// <summary>VmHWM of a process: the most memory it has held resident.</summary>
    private static long PeakResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
