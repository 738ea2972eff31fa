using JobHub.Agent.Processes;
using JobHub.Agent.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace JobHub.Agent.Tests.Processes;

/// <summary>
/// The launcher's command search on a PATH of real folders and files: a found program is remembered for
/// <see cref="ExecutableResolver.SearchLifetime"/>, yet a program removed or made non-executable is reported at once.
/// </summary>
public sealed class ExecutableResolverTests : IDisposable
{
    private const UnixFileMode Runnable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new();
    private readonly string _command = "tool-" + Guid.NewGuid().ToString("N");
    private string _path;

    public ExecutableResolverTests() => _path = $"{_folder.Combine("first")}:{_folder.Combine("second")}";

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ARememberedProgram_RemovedOrMadeNonExecutable_IsReportedAtOnce()
    {
        var resolver = New();
        var tool = Program("second");
        Assert.Equal((tool, null), resolver.Resolve(_command));

        File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Equal((null, "No such file or directory"), resolver.Resolve(_command));

        File.SetUnixFileMode(tool, Runnable);
        Assert.Equal((tool, null), resolver.Resolve(_command));
        File.Delete(tool);
        Assert.Equal((null, "No such file or directory"), resolver.Resolve(_command));
    }

    [Fact]
    public void AProgramPutEarlierOnThePath_IsFoundOnceTheSearchLifetimeHasPassed()
    {
        var resolver = New();
        var second = Program("second");
        Assert.Equal((second, null), resolver.Resolve(_command));

        var first = Program("first");
        Assert.Equal((second, null), resolver.Resolve(_command));
        _time.Advance(ExecutableResolver.SearchLifetime);

        Assert.Equal((first, null), resolver.Resolve(_command));
    }

    [Fact]
    public void AChangedPath_IsSearchedAtOnce()
    {
        var resolver = New();
        var second = Program("second");
        Assert.Equal((second, null), resolver.Resolve(_command));

        var third = Program("third");
        _path = $"{_folder.Combine("third")}:{_path}";

        Assert.Equal((third, null), resolver.Resolve(_command));
    }

    [Fact]
    public void ARootedPath_IsCheckedAsItIs()
    {
        var resolver = New();
        var tool = Program("second");
        File.SetUnixFileMode(tool, UnixFileMode.UserRead);

        Assert.Equal((null, "Permission denied (the file is not executable)"), resolver.Resolve(tool));
        Assert.Equal((null, "No such file or directory"), resolver.Resolve(_folder.Combine("missing", _command)));
    }

    private ExecutableResolver New() => new(_time, () => _path);

    private string Program(string folder)
    {
        var path = _folder.WriteFile($"{folder}/{_command}", "#!/bin/sh\n");
        File.SetUnixFileMode(path, Runnable);
        return path;
    }
}
