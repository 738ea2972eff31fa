using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using JobHub.Agent.Bundles;
using JobHub.Agent.Processes;
using JobHub.Agent.Tests.Infrastructure;

namespace JobHub.Agent.Tests.Bundles;

public sealed class CodeBundleTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Bundle_PackUnpackRoundTripKeepsFilesFoldersAndExecutableBit()
    {
        _folder.WriteFile("src/main.sh", "#!/bin/sh\necho \"from bundle $1\"\n");
        _folder.WriteFile("src/lib/util.jl", "f(x) = x + 1\n");
        _folder.WriteFile("src/.config", "hidden");
        Directory.CreateDirectory(_folder.Combine("src", "empty"));
        File.SetUnixFileMode(_folder.Combine("src", "main.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        using var bundle = new MemoryStream();
        await CodeBundle.PackAsync(_folder.Combine("src"), bundle);
        bundle.Position = 0;
        var target = _folder.Combine("work");
        var contents = await CodeBundle.UnpackAsync(bundle, target);

        Assert.Equal(3, contents.FileCount);
        Assert.Equal("f(x) = x + 1\n", await File.ReadAllTextAsync(Path.Combine(target, "lib", "util.jl")));
        Assert.Equal("hidden", await File.ReadAllTextAsync(Path.Combine(target, ".config")));
        Assert.True(Directory.Exists(Path.Combine(target, "empty")));
        Assert.True(File.GetUnixFileMode(Path.Combine(target, "main.sh")).HasFlag(UnixFileMode.UserExecute));

        var sink = new CollectingSink();
        using var process = Launchers.Create().StartOrFail(
            new ProcessLaunchSpec(Path.Combine(target, "main.sh"), ["ok"], target, new Dictionary<string, string>(), ProcessLabel.Master("job-1")),
            sink);
        Assert.Equal(0, await Eventually.WithDeadlineAsync(process.Exited, "the entry script to exit"));
        Assert.Equal(["from bundle ok"], sink.Texts(LogStreamKind.StandardOutput));
    }

    [Theory]
    [InlineData("../evil.sh")]
    [InlineData("ok/../../evil.sh")]
    [InlineData("/tmp/jobhub-evil.sh")]
    public async Task Bundle_EntryLeavingTheTargetIsRejectedAndNothingIsKept(string entryName)
    {
        using var bundle = await CreateBundleAsync(("fine.txt", "fine"), (entryName, "evil"));
        var target = _folder.Combine("work");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => CodeBundle.UnpackAsync(bundle, target));

        Assert.Contains(entryName, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
        Assert.False(File.Exists(_folder.Combine("evil.sh")));
    }

    [Fact]
    public async Task Bundle_SymlinkEntryIsRejected()
    {
        using var bundle = new MemoryStream();
        await using (var gzip = new GZipStream(bundle, CompressionLevel.Fastest, leaveOpen: true))
        await using (var writer = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = "/etc/passwd" });
        }

        bundle.Position = 0;
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => CodeBundle.UnpackAsync(bundle, _folder.Combine("work")));

        Assert.Contains("SymbolicLink", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bundle_OverTheSizeLimitIsRejectedAndNothingIsKept()
    {
        using var bundle = await CreateBundleAsync(("a.txt", new string('a', 600)), ("b.txt", new string('b', 600)));
        var target = _folder.Combine("work");

        var error = await Assert.ThrowsAsync<CodeBundleTooLargeException>(() => CodeBundle.UnpackAsync(bundle, target, limitBytes: 1000));

        Assert.Contains("limit of 1000 bytes", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
    }

    [Fact]
    public async Task Bundle_GarbageIsRejectedAsInvalidData()
    {
        using var garbage = new MemoryStream(Encoding.UTF8.GetBytes("this is not a tar.gz"));

        await Assert.ThrowsAsync<InvalidDataException>(() => CodeBundle.UnpackAsync(garbage, _folder.Combine("work")));
    }

    [Fact]
    public async Task Bundle_NonEmptyTargetIsRefused()
    {
        _folder.WriteFile("work/existing.txt", "x");
        using var bundle = await CreateBundleAsync(("a.txt", "a"));

        await Assert.ThrowsAsync<IOException>(() => CodeBundle.UnpackAsync(bundle, _folder.Combine("work")));
    }

    private static async Task<MemoryStream> CreateBundleAsync(params (string Name, string Content)[] files)
    {
        var bundle = new MemoryStream();
        await using (var gzip = new GZipStream(bundle, CompressionLevel.Fastest, leaveOpen: true))
        await using (var writer = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (name, content) in files)
            {
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        bundle.Position = 0;
        return bundle;
    }
}
