using JobHub.Agent.Jobs;
using JobHub.Agent.Tests.Infrastructure;

namespace JobHub.Agent.Tests.Jobs;

public sealed class JobWorkspaceLayoutTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Create_MakesWorkAndUploadFoldersUnderTheRoot()
    {
        var layout = new JobWorkspaceLayout(_folder.Path);

        var workspace = layout.Create("job-1");

        Assert.Equal(Path.Combine(_folder.Path, "job-1"), workspace.Root);
        Assert.True(Directory.Exists(workspace.WorkDirectory));
        Assert.True(Directory.Exists(workspace.UploadDirectory));
        Assert.Equal(Path.Combine(_folder.Path, "job-1", "results", "summary.json"), workspace.ResultsSummaryFile);
        Assert.False(File.Exists(workspace.ResultsSummaryFile));
        Assert.Equal(workspace, layout.Create("job-1"));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData(".")]
    [InlineData("../escape")]
    public void For_JobIdThatIsNotAFolderNameIsRefused(string jobId) =>
        Assert.Throws<ArgumentException>(() => new JobWorkspaceLayout(_folder.Path).For(jobId));

    [Fact]
    public void Delete_RemovesTheJobFolder()
    {
        var layout = new JobWorkspaceLayout(_folder.Path);
        var workspace = layout.Create("job-2");
        File.WriteAllText(Path.Combine(workspace.WorkDirectory, "a.txt"), "x");

        layout.Delete("job-2");

        Assert.False(Directory.Exists(workspace.Root));
    }
}
