using System.Text;
using JobHub.Agent.Bundles;
using JobHub.Agent.Hosting;
using JobHub.Agent.Jobs;
using JobHub.Agent.Results;
using JobHub.Agent.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace JobHub.Agent.Tests.Bundles;

public sealed class CodeBundleInstallerTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly CodeBundleStore _store;
    private readonly JobWorkspaceLayout _layout;
    private readonly CodeBundleInstaller _installer;

    public CodeBundleInstallerTests()
    {
        var options = Options.Create(new LocalNodeAgentOptions { WorkRoot = _folder.Combine("jobs"), BlobRoot = _folder.Combine("blobs"), CodeBundleLimitBytes = 64 * 1024 });
        _store = new CodeBundleStore(new FileSystemBlobStore(options), options, TimeProvider.System);
        _layout = new JobWorkspaceLayout(options);
        _installer = new CodeBundleInstaller(_store, _layout, options);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Store_AddPackedFolder_DescribesItAndKeepsTheArchive()
    {
        var stored = await AddFolderAsync(("run.sh", "#!/bin/sh\necho hi\n"), ("data/input.csv", "1,2\n"));

        Assert.StartsWith("bundle-", stored.BundleId, StringComparison.Ordinal);
        Assert.Equal(2, stored.Files);
        Assert.True(await _store.ExistsAsync(stored.BundleId));
        Assert.Equal(stored, await _store.GetAsync(stored.BundleId));
        Assert.Null(await _store.GetAsync("bundle-missing"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder.Combine("jobs", ".bundle-uploads")));
    }

    [Fact]
    public async Task Store_ArchiveOverTheLimit_IsRefusedAsTooLarge()
    {
        using var big = new MemoryStream(new byte[65 * 1024]);

        await Assert.ThrowsAsync<CodeBundleTooLargeException>(() => _store.AddAsync(big));
    }

    [Fact]
    public async Task Store_Garbage_IsRefusedAsInvalidData()
    {
        using var garbage = new MemoryStream(Encoding.UTF8.GetBytes("not a tar.gz at all"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => _store.AddAsync(garbage));

        Assert.Contains("not a valid tar.gz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Installer_ManyConcurrentCalls_UnpackOnceIntoTheWorkFolder()
    {
        var stored = await AddFolderAsync(("run.sh", "#!/bin/sh\necho hi\n"), ("data/input.csv", "1,2\n"));

        var workspaces = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _installer.InstallAsync("job-1", stored.BundleId))));

        var work = workspaces[0].WorkDirectory;
        Assert.All(workspaces, w => Assert.Equal(work, w.WorkDirectory));
        Assert.Equal("1,2\n", await File.ReadAllTextAsync(Path.Combine(work, "data", "input.csv")));
        Assert.Equal(stored.BundleId, CodeBundleInstaller.InstalledBundle(workspaces[0]));
        Assert.True(Directory.Exists(workspaces[0].UploadDirectory));

        // Idempotent: files a process wrote meanwhile survive a later call.
        await File.WriteAllTextAsync(Path.Combine(work, "out.txt"), "written by the job");
        await _installer.InstallAsync("job-1", stored.BundleId);
        Assert.True(File.Exists(Path.Combine(work, "out.txt")));
    }

    [Fact]
    public async Task Installer_MissingBundle_FailsAndLeavesNoMarker()
    {
        await Assert.ThrowsAsync<FileNotFoundException>(() => _installer.InstallAsync("job-2", "bundle-0000"));

        Assert.Null(CodeBundleInstaller.InstalledBundle(_layout.For("job-2")));
    }

    [Fact]
    public void EntryScript_ExecutableRunsItself_OtherwiseThroughTheShell()
    {
        var script = _folder.WriteFile("work/bin/run.sh", "#!/bin/sh\n");
        _folder.WriteFile("work/plain.sh", "echo\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var executable = EntryScriptCommand.Resolve(_folder.Combine("work"), "bin/run.sh", ["a"]);
        var plain = EntryScriptCommand.Resolve(_folder.Combine("work"), "plain.sh", ["a"]);

        Assert.Equal(script, executable.Command);
        Assert.Equal(["a"], executable.Arguments);
        Assert.Equal(EntryScriptCommand.Shell, plain.Command);
        Assert.Equal([_folder.Combine("work", "plain.sh"), "a"], plain.Arguments);
        Assert.Throws<FileNotFoundException>(() => EntryScriptCommand.Resolve(_folder.Combine("work"), "missing.sh", []));
    }

    private async Task<StoredCodeBundle> AddFolderAsync(params (string Name, string Content)[] files)
    {
        var source = _folder.Combine("src-" + Guid.NewGuid().ToString("N"));
        foreach (var (name, content) in files)
        {
            _folder.WriteFile(Path.GetRelativePath(_folder.Path, Path.Combine(source, name)), content);
        }

        using var archive = new MemoryStream();
        await CodeBundle.PackAsync(source, archive);
        archive.Position = 0;
        return await _store.AddAsync(archive);
    }
}
