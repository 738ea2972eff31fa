using JobHub.Agent.Hosting;
using JobHub.Agent.Processes;
using JobHub.Agent.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobHub.Agent.Tests.Processes;

public sealed class ProcessRecordStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Write_ThenReadAll_ReturnsTheRecordFromItsNodeFolder()
    {
        var store = Store();
        var record = Record("local-1", pid: 4242);

        store.Write(record);

        Assert.Equal(_folder.Combine("processes", "local-1", "4242-123456.json"), store.PathOf(record));
        Assert.True(File.Exists(store.PathOf(record)));
        Assert.Equal([record], store.ReadAll());
        Assert.Empty(Directory.GetFiles(_folder.Combine("processes", "local-1"), "*.tmp"));
    }

    [Fact]
    public void Write_FoldersAreTheSilosUsersOnly_EvenWhenTheyExistedBefore()
    {
        Directory.CreateDirectory(_folder.Combine("processes"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var store = Store();

        store.Write(Record("local-1", pid: 4242));

        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(Private, File.GetUnixFileMode(_folder.Combine("processes")));
        Assert.Equal(Private, File.GetUnixFileMode(_folder.Combine("processes", "local-1")));
    }

    [Fact]
    public void Delete_RecordOfAnEarlierProcessWithTheSamePid_LeavesTheNewerRecord()
    {
        var store = Store();
        var earlier = Record("local-1", pid: 4242);
        var later = earlier with { StartTime = earlier.StartTime + 500 };
        store.Write(earlier);
        store.Write(later);

        store.Delete(earlier);

        Assert.Equal([later], store.ReadAll());
    }

    [Fact]
    public void ReadAll_RecordUnderItsOldPidOnlyName_IsDeletedAsUnreadable()
    {
        var store = Store();
        var record = Record("local-1", pid: 4242);
        store.Write(record);
        var old = _folder.Combine("processes", "local-1", "4242.json");
        File.Move(store.PathOf(record), old);

        Assert.Empty(store.ReadAll());
        Assert.False(File.Exists(old));
    }

    [Fact]
    public void ReadAll_RecordsOfSeveralNodes()
    {
        var store = Store();
        store.Write(Record("local-1", pid: 10));
        store.Write(Record("local-2", pid: 11));

        Assert.Equal([10, 11], store.ReadAll().Select(r => r.Pid).Order());
    }

    [Fact]
    public void Delete_RemovesTheFile_AndAMissingFileIsFine()
    {
        var store = Store();
        var record = Record("local-1", pid: 77);
        store.Write(record);

        store.Delete(record);
        store.Delete(record);

        Assert.False(File.Exists(store.PathOf(record)));
        Assert.Empty(store.ReadAll());
    }

    [Fact]
    public void ReadAll_UnreadableRecordIsDeleted()
    {
        var store = Store();
        var broken = _folder.WriteFile("processes/local-1/99-1.json", "{\"Pid\": 9");

        Assert.Empty(store.ReadAll());
        Assert.False(File.Exists(broken));
    }

    [Fact]
    public void ReadAll_NoFolderYet_IsEmpty()
    {
        Assert.Empty(Store().ReadAll());
    }

    [Fact]
    public void RootOf_DefaultsToAProcessesFolderBesideTheWorkRoot_UnlessSet()
    {
        var options = new LocalNodeAgentOptions { WorkRoot = _folder.Combine("data", "jobs") };
        Assert.Equal(_folder.Combine("data", "processes"), ProcessRecordStore.RootOf(options));

        options.ProcessRecordRoot = _folder.Combine("elsewhere");
        Assert.Equal(_folder.Combine("elsewhere"), ProcessRecordStore.RootOf(options));
    }

    [Fact]
    public void FolderName_KeepsPlainNodeIdsAndReplacesTheRest()
    {
        Assert.Equal("local-1", ProcessRecordStore.FolderName("local-1"));
        Assert.Equal("a_b_c", ProcessRecordStore.FolderName("a/b\\c"));
        Assert.Equal("_", ProcessRecordStore.FolderName(".."));
        Assert.Equal("_", ProcessRecordStore.FolderName(""));
    }

    private ProcessRecordStore Store() => new(_folder.Combine("processes"), NullLogger<ProcessRecordStore>.Instance);

    private static ProcessRecord Record(string node, int pid) =>
        new(node, pid, pid, 123456, ProcFs.BootId, ProcFs.PidNamespace, Environment.ProcessId, ProcFs.SelfStartTime, "job-1", ProcessRole.Worker, 2, "/bin/sh", "/usr/bin/dash", new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
}
