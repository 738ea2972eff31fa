using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using System.Text;
using JobHub.Testing.Bundles;

namespace JobHub.Silo.Tests;

/// <summary>
/// Issue 9, "no bad input gets past the API", for code bundles: crafted archives sent over real HTTP to a real silo
/// are refused with 4xx problem details naming the rule, and nothing is stored.
/// </summary>
public sealed class BundleUploadRulesTests(BundleRulesSiloFixture fixture) : IClassFixture<BundleRulesSiloFixture>
{
    private HttpClient Http => fixture.Silo.Http;

    public static TheoryData<string, string> BadBundles => new()
    {
        { "empty", "the archive is empty" },
        { "not-an-archive", "it is not a valid tar.gz archive: it does not start with the gzip signature" },
        { "truncated-gzip", "the gzip stream is cut off or followed by other data" },
        { "truncated-tar", "it is cut off: it ends inside an entry or before the tar end-of-archive block" },
        { "dot", "entry '.' is not a file or folder name" },
        { "long-name", "entry names may be at most 1,024 characters" },
        { "file-then-inside", "entry 'x/y' is inside 'x', which is a file" },
        { "inside-then-file", "entry 'x' is a file, but 'x' is already a folder" },
        { "empty-name", "an entry has an empty name" },
        { "dot-dot", "entry '../evil.sh' has a '..' in its name, which leaves the bundle folder" },
        { "inner-dot-dot", "entry 'a/../../escape.sh' has a '..' in its name" },
        { "absolute", "entry '/tmp/jobhub-evil.sh' is absolute" },
        { "backslash", "has a backslash in its name" },
        { "nul", "(U+0000) in its name" },
        { "control", "(U+0007) in its name" },
        { "too-deep", "entries may be nested at most 64 names deep" },
        { "long-segment", "a file or folder name may be at most 255 bytes (UTF-8)" },
        { "duplicate", "entry 'run.sh' appears twice" },
        { "symlink", "entry 'link' is a symbolic link" },
        { "hardlink", "entry 'hard' is a hard link" },
        { "fifo", "entry 'pipe' is a named pipe" },
        { "device", "entry 'null' is a character device" },
        { "pax-bomb", "an entry's metadata block (PAX extended header or GNU long name) is 2,147,000,000 bytes" },
        { "data-after-end", "there is data after the tar archive's end-of-archive block" },
        { "too-many-entries", "a bundle may hold at most 100,000 files and folders" },
    };

    [Theory]
    [MemberData(nameof(BadBundles))]
    public async Task UploadBundle_MalformedOrHostile_Is400NamingTheRuleAndStoresNothing(string kind, string rule)
    {
        var before = fixture.StoredFiles();

        var response = await UploadAsync(HostileBundles.Build(kind));

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, rule);
        Assert.Equal(before, fixture.StoredFiles());
    }

    [Fact]
    public async Task UploadBundle_ContentLengthOverTheLimit_Is413BeforeReadingAndStoresNothing()
    {
        var before = fixture.StoredFiles();

        var response = await UploadAsync(new byte[BundleRulesSiloFixture.LimitBytes + 1]);

        await AssertRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, $"the limit is {BundleRulesSiloFixture.LimitBytes} bytes");
        Assert.Equal(before, fixture.StoredFiles());
    }

    [Fact]
    public async Task UploadBundle_ChunkedBodyOverTheLimit_Is413WhileStreamingAndStoresNothing()
    {
        var before = fixture.StoredFiles();
        var noise = new byte[3 * BundleRulesSiloFixture.LimitBytes];
        new Random(9).NextBytes(noise);
        using var bundle = new CraftedBundle();
        var archive = bundle.Entry(new PaxTarEntry(TarEntryType.RegularFile, "noise.bin") { DataStream = new MemoryStream(noise) }).TarGz();

        // No Content-Length: the server only learns the size by reading.
        using var content = new StreamContent(new UnknownLengthStream(archive));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        var response = await Http.PostAsync("/api/v1/bundles", content);

        Assert.Null(content.Headers.ContentLength);
        await AssertRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, $"the archive is larger than the limit of {BundleRulesSiloFixture.LimitBytes} bytes");
        Assert.Equal(before, fixture.StoredFiles());
    }

    [Fact]
    public async Task UploadBundle_ZipBomb_Is413AndStoresNothing()
    {
        var before = fixture.StoredFiles();
        using var bundle = new CraftedBundle(level: CompressionLevel.SmallestSize);
        var archive = bundle.Entry(new PaxTarEntry(TarEntryType.RegularFile, "zeros.bin") { DataStream = new MemoryStream(new byte[32 * 1024 * 1024]) }).TarGz();
        Assert.True(archive.Length < BundleRulesSiloFixture.LimitBytes);

        var response = await UploadAsync(archive);

        await AssertRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, "it unpacks to more than the limit of 65536 bytes (at entry 'zeros.bin')");
        Assert.Equal(before, fixture.StoredFiles());
    }

    [Fact]
    public async Task UploadBundle_AsGnuTarWritesIt_IsAcceptedAndStored()
    {
        // 'tar -czf b.tgz -C folder .' writes the folder itself as './' and names like './run.sh'.
        using var bundle = new CraftedBundle(TarEntryFormat.Gnu);
        bundle.Entry(new GnuTarEntry(TarEntryType.Directory, "./"))
            .Entry(new GnuTarEntry(TarEntryType.RegularFile, "./run.sh") { DataStream = new MemoryStream("echo hi\n"u8.ToArray()) })
            .Entry(new GnuTarEntry(TarEntryType.Directory, "./lib/"))
            .Entry(new GnuTarEntry(TarEntryType.RegularFile, "./lib/" + new string('l', 200) + ".txt") { DataStream = new MemoryStream("x"u8.ToArray()) });

        var response = await UploadAsync(bundle.TarGz());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var bundleId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("bundleId").GetString()!;
        Assert.Equal(2, (await Http.GetFromJsonAsync<JsonElement>($"/api/v1/bundles/{bundleId}")).GetProperty("files").GetInt32());
        Assert.Contains(fixture.StoredFiles(), path => path.EndsWith(Path.Combine("bundles", bundleId), StringComparison.Ordinal));
    }

    public static TheoryData<string> MalformedIds => new()
    {
        new string('a', 5000),
        "bundle-" + new string('0', 200),
        "%01%1B%5B31m",
        "..%2F..%2Fetc%2Fpasswd",
        "..%5C..%5Cwindows",
        "b%C3%BCndle",
        "%E2%80%AEevil",
        "-starts-with-a-dash",
        "bundle-0000000000000000",
    };

    [Theory]
    [MemberData(nameof(MalformedIds))]
    public async Task GetBundle_MalformedOrUnknownId_Is404ProblemEchoingAtMost80Characters(string id)
    {
        var response = await Http.GetAsync($"/api/v1/bundles/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.StartsWith("There is no code bundle '", detail, StringComparison.Ordinal);
        var echoed = detail["There is no code bundle '".Length..detail.IndexOf('\'', "There is no code bundle '".Length)];
        Assert.True(echoed.TrimEnd('…').Length <= 80, echoed);
        Assert.DoesNotContain(echoed, c => char.IsControl(c) || c == '\u202E');
    }

    private async Task<HttpResponseMessage> UploadAsync(byte[] archive)
    {
        using var content = new ByteArrayContent(archive);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        return await Http.PostAsync("/api/v1/bundles", content);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string rule)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(rule, detail, StringComparison.Ordinal);
        Assert.Equal(detail, problem.GetProperty("errors").GetProperty("bundle")[0].GetString());
        Assert.True(detail.Length < 400, detail);
    }


    /// <summary>A read-only stream that does not tell its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
