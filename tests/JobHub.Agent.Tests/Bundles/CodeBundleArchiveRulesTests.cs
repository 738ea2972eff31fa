using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using JobHub.Agent.Bundles;
using JobHub.Agent.Hosting;
using JobHub.Agent.Jobs;
using JobHub.Agent.Results;
using JobHub.Agent.Tests.Infrastructure;
using JobHub.Testing.Bundles;
using Microsoft.Extensions.Options;

namespace JobHub.Agent.Tests.Bundles;

/// <summary>
/// Whole archives against <see cref="CodeBundle.CheckAsync"/> (what the server runs before it stores an upload),
/// <see cref="CodeBundle.UnpackAsync"/>, the store and the installer: malformed and hostile archives are refused with
/// the rule named, and nothing is kept.
/// </summary>
public sealed class CodeBundleArchiveRulesTests : IDisposable
{
    private const long Limit = 64 * 1024;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string> BadArchives => new()
    {
        { "empty", "it is not a valid tar.gz archive: it is empty" },
        { "not-gzip", "it does not start with the gzip signature" },
        { "zip", "it does not start with the gzip signature" },
        { "gzip-of-text", "it is not a valid tar.gz archive" },
        { "gzip-of-nothing", "it is cut off" },
        { "tar-cut-in-data", "it is cut off: it ends inside an entry or before the tar end-of-archive block" },
        { "tar-cut-in-header", "it is cut off" },
        { "tar-without-end", "it is cut off" },
        { "gzip-trailer-cut", "the gzip stream is cut off or followed by other data" },
        { "gzip-half", "it is not a valid tar.gz archive" },
        { "gzip-garbage-after", "the gzip stream is cut off or followed by other data" },
        { "gzip-crc-wrong", "its gzip data is corrupt" },
        { "data-after-end", "there is data after the tar archive's end-of-archive block" },
        { "tar-checksum-wrong", "the checksum of the tar header at byte 0 does not match it" },
        { "pax-bomb", "an entry's metadata block (PAX extended header or GNU long name) is 2,147,000,000 bytes; at most 1,048,576 are allowed" },
        { "gnu-long-name-bomb", "is 1,048,577 bytes; at most 1,048,576 are allowed" },
        { "two-pax-headers", "metadata header 'x' follows metadata header 'x'" },
        { "empty-name", "an entry has an empty name" },
        { "dot", "entry '.' is not a file or folder name" },
        { "long-name", "entry names may be at most 1,024 characters" },
        { "file-then-inside", "entry 'x/y' is inside 'x', which is a file" },
        { "inside-then-file", "entry 'x' is a file, but 'x' is already a folder" },
        { "symlink", "entry 'link' is a symbolic link" },
        { "symlink-then-through", "entry 'escape' is a symbolic link" },
        { "hardlink", "entry 'hard' is a hard link" },
        { "fifo", "entry 'pipe' is a named pipe (tar type Fifo)" },
        { "device", "entry 'null' is a character device" },
        { "sparse", "is a sparse file" },
        { "absolute", "entry '/tmp/jobhub-evil.sh' is absolute" },
        { "dot-dot", "entry '../evil.sh' has a '..' in its name, which leaves the bundle folder" },
        { "backslash", "has a backslash in its name" },
        { "nul", "(U+0000)" },
        { "control", "(U+0007)" },
        { "duplicate", "entry 'run.sh' appears twice" },
    };

    [Theory]
    [MemberData(nameof(BadArchives))]
    public async Task Check_BadArchive_IsRefusedNamingTheRule(string kind, string rule)
    {
        using var archive = new MemoryStream(HostileBundles.Build(kind));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => CodeBundle.CheckAsync(archive, Limit));

        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Code bundle refused: ", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, error.Message);
    }

    [Theory]
    [MemberData(nameof(BadArchives))]
    public async Task Unpack_BadArchive_IsRefusedAndLeavesTheTargetEmptyAndNothingOutside(string kind, string rule)
    {
        var target = _folder.Combine("work");
        using var archive = new MemoryStream(HostileBundles.Build(kind));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => CodeBundle.UnpackAsync(archive, target, Limit));

        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
        Assert.Equal(["work"], Directory.EnumerateFileSystemEntries(_folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Check_ZipBomb_IsRefusedAtTheSizeLimitWithoutReadingItAll()
    {
        // 64 MiB of zeros: about 640 KiB compressed (fastest level).
        using var bundle = new CraftedBundle();
        bundle.Entry(new PaxTarEntry(TarEntryType.RegularFile, "zeros.bin") { DataStream = new MemoryStream(new byte[64 * 1024 * 1024]) });
        using var archive = bundle.Stream();
        Assert.True(archive.Length < 1024 * 1024);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<CodeBundleTooLargeException>(() => CodeBundle.CheckAsync(archive, Limit));

        Assert.Contains($"it unpacks to more than the limit of {Limit} bytes (at entry 'zeros.bin')", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Check_ManySmallFilesOverTheLimitTogether_IsRefusedAtTheFileThatPassesIt()
    {
        using var bundle = new CraftedBundle();
        for (var i = 0; i < 10; i++)
        {
            bundle.File($"part{i}.txt", new string('p', 10_000));
        }

        using var archive = bundle.Stream();

        var error = await Assert.ThrowsAsync<CodeBundleTooLargeException>(() => CodeBundle.CheckAsync(archive, 45_000));

        Assert.Contains("(at entry 'part4.txt')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_PaddingAfterTheEndOverTheOverheadLimit_IsRefusedAsTooLarge()
    {
        using var bundle = new CraftedBundle();
        bundle.File("run.sh");
        using var archive = new MemoryStream(CraftedBundle.Gzip(bundle.Tar(), zerosAfter: CodeBundleLimits.MaxOverheadBytes));

        var error = await Assert.ThrowsAsync<CodeBundleTooLargeException>(() => CodeBundle.CheckAsync(archive, Limit));

        Assert.Contains("it holds more than 268,435,456 bytes of tar headers, metadata and padding", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ArchivesRealToolsWrite_AreAccepted()
    {
        _folder.WriteFile("src/run.sh", "#!/bin/sh\necho hi\n");
        _folder.WriteFile("src/lib/util.py", "x = 1\n");
        var longName = string.Join('/', Enumerable.Repeat(new string('l', 60), 8)) + "/deep.txt";
        _folder.WriteFile("src/" + longName, "deep");
        var gnuTar = _folder.Combine("gnu.tar.gz");
        using (var tar = Process.Start(new ProcessStartInfo("tar", ["-czf", gnuTar, "-C", _folder.Combine("src"), "."]))!)
        {
            await tar.WaitForExitAsync();
            Assert.Equal(0, tar.ExitCode);
        }

        using var packed = new MemoryStream();
        await CodeBundle.PackAsync(_folder.Combine("src"), packed);
        packed.Position = 0;
        using var gnu = new MemoryStream(await File.ReadAllBytesAsync(gnuTar));
        using var bundle = new CraftedBundle(TarEntryFormat.Gnu);
        bundle.Entry(new PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["comment"] = "made by a test" }));
        bundle.Entry(new GnuTarEntry(TarEntryType.RegularFile, longName) { DataStream = new MemoryStream("deep"u8.ToArray()) });
        using var crafted = bundle.Stream();

        Assert.Equal(3, (await CodeBundle.CheckAsync(packed)).FileCount);
        Assert.Equal(3, (await CodeBundle.CheckAsync(gnu)).FileCount);
        Assert.Equal(1, (await CodeBundle.CheckAsync(crafted)).FileCount);
        gnu.Position = 0;
        var target = _folder.Combine("unpacked");
        await CodeBundle.UnpackAsync(gnu, target);
        Assert.Equal("deep", await File.ReadAllTextAsync(Path.Combine(target, longName)));
    }

    [Fact]
    public async Task Check_PaxSizeRecord_DecidesWhereTheNextHeaderIs()
    {
        // The entry's own header says 0 bytes; its PAX header says 5, and the reader takes 5.
        using var bundle = new CraftedBundle();
        var record = "10 size=5\n"u8.ToArray();
        bundle.Raw("PaxHeaders/f.txt", 'x', record.Length, record).Raw("f.txt", '0', 0, "hello"u8.ToArray()).File("g.txt", "after");
        using var archive = new MemoryStream(CraftedBundle.Gzip(bundle.Tar()));

        var contents = await CodeBundle.CheckAsync(archive, Limit);

        Assert.Equal(new CodeBundleContents(2, 10), contents);
    }

    [Theory]
    [InlineData("99 size=5\n", "a PAX extended header holds a malformed record")]
    [InlineData("10 size=x\n", "a PAX extended header has the size 'x'")]
    [InlineData("11 size=-5\n", "a PAX extended header has the size '-5'")]
    [InlineData("10 size=5\n10 size=6\n", "a PAX extended header holds the record 'size' twice")]
    public async Task Check_BadPaxRecord_IsRefusedBeforeTheReaderActsOnIt(string records, string rule)
    {
        using var bundle = new CraftedBundle();
        var data = Encoding.UTF8.GetBytes(records);
        bundle.Raw("PaxHeaders/f.txt", 'x', data.Length, data).Raw("f.txt", '0', 0, "hello"u8.ToArray());
        using var archive = new MemoryStream(CraftedBundle.Gzip(bundle.Tar()));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => CodeBundle.CheckAsync(archive, Limit));

        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_BadArchive_StoresNothing()
    {
        var options = Options.Create(new LocalNodeAgentOptions { WorkRoot = _folder.Combine("jobs"), BlobRoot = _folder.Combine("blobs"), CodeBundleLimitBytes = Limit });
        var store = new CodeBundleStore(new FileSystemBlobStore(options), options, TimeProvider.System);

        foreach (var kind in new[] { "file-then-inside", "symlink", "tar-cut-in-data", "pax-bomb", "empty" })
        {
            using var archive = new MemoryStream(HostileBundles.Build(kind));
            await Assert.ThrowsAsync<InvalidDataException>(() => store.AddAsync(archive));
        }

        Assert.Empty(Directory.EnumerateFiles(_folder.Combine("blobs"), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder.Combine("jobs", ".bundle-uploads")));
    }

    [Theory]
    [InlineData("dot-dot")]
    [InlineData("symlink-then-through")]
    [InlineData("inside-then-file")]
    [InlineData("absolute")]
    public async Task Installer_StoredArchiveThatBreaksTheRules_IsRefusedAndWritesNothing(string kind)
    {
        // Written straight into the blob store, as if it had got there without the upload check.
        var options = Options.Create(new LocalNodeAgentOptions { WorkRoot = _folder.Combine("jobs"), BlobRoot = _folder.Combine("blobs"), CodeBundleLimitBytes = Limit });
        var blobs = new FileSystemBlobStore(options);
        var store = new CodeBundleStore(blobs, options, TimeProvider.System);
        var layout = new JobWorkspaceLayout(options);
        var installer = new CodeBundleInstaller(store, layout, options);
        using (var archive = new MemoryStream(HostileBundles.Build(kind)))
        {
            await blobs.PutAsync(CodeBundleStore.ArchiveKey("bundle-hostile"), archive);
        }

        await Assert.ThrowsAsync<InvalidDataException>(() => installer.InstallAsync("job-1", "bundle-hostile"));

        var workspace = layout.For("job-1");
        Assert.Null(CodeBundleInstaller.InstalledBundle(workspace));
        Assert.False(Directory.Exists(workspace.WorkDirectory));
        Assert.Empty(Directory.EnumerateFileSystemEntries(workspace.Root));
        Assert.False(File.Exists("/tmp/jobhub-evil.sh"));
        Assert.Empty(Directory.EnumerateFiles(_folder.Path, "*evil*", SearchOption.AllDirectories));
    }


}
