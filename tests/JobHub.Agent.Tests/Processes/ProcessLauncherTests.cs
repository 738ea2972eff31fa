using JobHub.Agent.Processes;
using JobHub.Agent.Tests.Infrastructure;

namespace JobHub.Agent.Tests.Processes;

public sealed class ProcessLauncherTests : IDisposable
{
    private static readonly TimeSpan LongGrace = TimeSpan.FromSeconds(15);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task True_ExitsWithZero()
    {
        var sink = new CollectingSink();
        using var process = Launchers.Create().StartOrFail(new ProcessLaunchSpec("true", [], _folder.Path, new Dictionary<string, string>(), ProcessLabel.Master("job-1")), sink);

        Assert.True(process.Pid > 0);
        Assert.Equal(0, await Eventually.WithDeadlineAsync(process.Exited, "true to exit"));
        Assert.Empty(sink.Lines);
    }

    [Fact]
    public async Task False_ExitsWithNonZero()
    {
        using var process = Launchers.Create().StartOrFail(new ProcessLaunchSpec("false", [], _folder.Path, new Dictionary<string, string>(), ProcessLabel.Master("job-1")), new CollectingSink());

        Assert.Equal(1, await Eventually.WithDeadlineAsync(process.Exited, "false to exit"));
    }

    [Fact]
    public async Task Script_ExitCodeIsReported()
    {
        using var process = Launchers.Create().StartOrFail(Launchers.Shell("exit 42", _folder.Path), new CollectingSink());

        Assert.Equal(42, await Eventually.WithDeadlineAsync(process.Exited, "the script to exit"));
    }

    [Fact]
    public async Task Output_StdoutAndStderrLinesArriveInOrderWithStreamAndLabel()
    {
        var sink = new CollectingSink();
        var label = ProcessLabel.Worker("job-7", 3);
        var script = "for i in 1 2 3 4 5 6 7 8 9 10; do echo out$i; echo err$i >&2; done";
        using var process = Launchers.Create().StartOrFail(Launchers.Shell(script, _folder.Path, label: label), sink);

        await Eventually.WithDeadlineAsync(process.Exited, "the script to exit");

        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"out{i}"), sink.Texts(LogStreamKind.StandardOutput));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"err{i}"), sink.Texts(LogStreamKind.StandardError));
        Assert.All(sink.Lines, line => Assert.Equal(label, line.Process));
        Assert.Equal("job-7/worker-3", label.ToString());
    }

    [Fact]
    public async Task Output_PartialLastLineIsDeliveredBeforeExit()
    {
        var sink = new CollectingSink();
        using var process = Launchers.Create().StartOrFail(Launchers.Shell("printf 'first\\r\\nsecond\\nno newline'; printf 'err tail' >&2", _folder.Path), sink);

        await Eventually.WithDeadlineAsync(process.Exited, "the script to exit");

        Assert.Equal(["first", "second", "no newline"], sink.Texts(LogStreamKind.StandardOutput));
        Assert.Equal(["err tail"], sink.Texts(LogStreamKind.StandardError));
    }

    [Fact]
    public async Task Output_LongLineIsSplitAtTheLimitAndMarkedAsContinuation()
    {
        var sink = new CollectingSink();
        var launcher = Launchers.Create(configure: options => options.MaxLogLineLength = 80);
        using var process = launcher.StartOrFail(Launchers.Shell("head -c 200 /dev/zero | tr '\\000' x; echo; echo short", _folder.Path), sink);

        await Eventually.WithDeadlineAsync(process.Exited, "the script to exit");

        var lines = sink.Lines.Where(line => line.Stream == LogStreamKind.StandardOutput).ToList();
        Assert.Equal([80, 80, 40, 5], lines.Select(line => line.Text.Length));
        Assert.Equal([false, true, true, false], lines.Select(line => line.IsContinuation));
    }

    [Fact]
    public async Task Output_LinesAreStampedByTheInjectedClock()
    {
        var now = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var sink = new CollectingSink();
        using var process = Launchers.Create(new FixedTimeProvider(now)).StartOrFail(Launchers.Shell("echo hello", _folder.Path), sink);

        await Eventually.WithDeadlineAsync(process.Exited, "the script to exit");

        var line = Assert.Single(sink.Lines);
        Assert.Equal(now, line.Time);
        Assert.Equal("hello", line.Text);
    }

    [Fact]
    public async Task Start_ArgumentsArePassedOneByOneWithoutShellQuoting()
    {
        var sink = new CollectingSink();
        var spec = new ProcessLaunchSpec("/bin/sh", ["-c", "printf '%s\\n' \"$@\"", "sh", "two words", "$HOME", "it's"], _folder.Path, new Dictionary<string, string>(), ProcessLabel.Master("job-1"));
        using var process = Launchers.Create().StartOrFail(spec, sink);

        await Eventually.WithDeadlineAsync(process.Exited, "the script to exit");

        Assert.Equal(["two words", "$HOME", "it's"], sink.Texts(LogStreamKind.StandardOutput));
    }

    [Fact]
    public async Task Start_RunsInTheWorkingFolderWithStdinClosed()
    {
        var sink = new CollectingSink();
        using var process = Launchers.Create().StartOrFail(Launchers.Shell("pwd; cat; echo done", _folder.Path), sink);

        await Eventually.WithDeadlineAsync(process.Exited, "the script to exit (cat must see end of input)");

        Assert.Equal([Path.GetFullPath(_folder.Path), "done"], sink.Texts(LogStreamKind.StandardOutput));
    }

    [Fact]
    public async Task Start_EnvironmentHoldsSpecVariablesAndOnlyPassThroughAgentVariables()
    {
        Environment.SetEnvironmentVariable("JOBHUB_AGENT_TEST_SECRET", "do-not-leak");
        var sink = new CollectingSink();
        var spec = Launchers.Shell("env", _folder.Path, new Dictionary<string, string> { ["MY_SETTING"] = "42" });
        using var process = Launchers.Create().StartOrFail(spec, sink);

        await Eventually.WithDeadlineAsync(process.Exited, "env to exit");

        var lines = sink.Texts(LogStreamKind.StandardOutput);
        Assert.Contains("MY_SETTING=42", lines);
        Assert.Contains(lines, line => line.StartsWith("PATH=", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("do-not-leak", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_MissingExecutableGivesAnErrorNamingTheCommand()
    {
        var result = Launchers.Create().Start(
            new ProcessLaunchSpec("/nonexistent/jobhub-no-such-program", ["x"], _folder.Path, new Dictionary<string, string>(), ProcessLabel.Worker("job-1", 2)),
            new CollectingSink());

        Assert.False(result.Started);
        Assert.Null(result.Process);
        Assert.Contains("/nonexistent/jobhub-no-such-program", result.Error, StringComparison.Ordinal);
        Assert.Contains("job-1/worker-2", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_CommandNotOnPathGivesAnErrorNamingTheCommand()
    {
        var result = Launchers.Create().Start(
            new ProcessLaunchSpec("jobhub-no-such-program-on-path", [], _folder.Path, new Dictionary<string, string>(), ProcessLabel.Master("job-1")),
            new CollectingSink());

        Assert.False(result.Started);
        Assert.Contains("'jobhub-no-such-program-on-path'", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing-interpreter", "No such file or directory")]
    [InlineData("interpreter-not-executable", "Permission denied")]
    [InlineData("not-executable", "Permission denied")]
    public async Task Start_FileThatCannotBeExecuted_IsAFailedStartNamingTheCommand_NotAJobExit(string what, string reason)
    {
        var interpreter = _folder.WriteFile("interpreter", "#!/bin/sh\necho interpreted\n");
        File.SetUnixFileMode(interpreter, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var script = _folder.WriteFile($"{what}.sh", what switch
        {
            "missing-interpreter" => $"#!{_folder.Combine("no-such-interpreter")}\necho hi\n",
            "interpreter-not-executable" => $"#!{interpreter}\necho hi\n",
            _ => "#!/bin/sh\necho hi\n",
        });
        File.SetUnixFileMode(script, what == "not-executable" ? UnixFileMode.UserRead | UnixFileMode.UserWrite : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var sink = new CollectingSink();

        var result = Launchers.Create().Start(new ProcessLaunchSpec(script, [], _folder.Path, new Dictionary<string, string>(), ProcessLabel.Worker("job-1", 2)), sink);

        int? exitCode = result.Process is { } started ? await started.Exited : null;

        Assert.False(result.Started, $"started, and exited with {exitCode}");
        Assert.Contains($"Could not start '{script}' for job-1/worker-2", result.Error, StringComparison.Ordinal);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Empty(sink.Lines);
    }

    [Fact]
    public async Task Start_ScriptWithoutInterpreterLine_IsRunByTheShell()
    {
        var script = _folder.WriteFile("plain.sh", "echo \"shell ran $1\"\nexit 3\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var sink = new CollectingSink();

        using var process = Launchers.Create().StartOrFail(new ProcessLaunchSpec(script, ["it"], _folder.Path, new Dictionary<string, string>(), ProcessLabel.Master("job-1")), sink);

        Assert.Equal(3, await Eventually.WithDeadlineAsync(process.Exited, "the script to exit"));
        Assert.Equal(["shell ran it"], sink.Texts(LogStreamKind.StandardOutput));
    }

    [Fact]
    public async Task Start_ProcessBlocksAndIgnoresNoSignal_AndReadsEndOfFileFromStdin()
    {
        // The silo ignores SIGPIPE (as every .NET process does): a job inherits none of the silo's signal settings, so
        // `producer | head` ends its producer as on any shell, and stdin is empty rather than the silo's.
        var sink = new CollectingSink();
        using var process = Launchers.Create().StartOrFail(Launchers.Shell("grep -E '^Sig(Blk|Ign):' /proc/self/status; cat; echo stdin-done; yes | head -n 1", _folder.Path), sink);

        Assert.Equal(0, await Eventually.WithDeadlineAsync(process.Exited, "the script to exit"));
        var lines = sink.Texts(LogStreamKind.StandardOutput);
        Assert.Equal(["stdin-done", "y"], lines.Skip(2));
        Assert.Equal("SigBlk:\t0000000000000000", lines[0]);

        // Signals 1-31 (SIGPIPE is 13) keep their default action; glibc's own real-time signals (32, 33) are not ours to set.
        var ignored = ulong.Parse(lines[1]["SigIgn:\t".Length..], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0UL, ignored & 0x7FFF_FFFFUL);
    }

    [Fact]
    public async Task Start_ProcessLeadsANewSessionAndGroup_InItsWorkingFolder()
    {
        var sink = new CollectingSink();
        using var process = Launchers.Create().StartOrFail(Launchers.Shell("awk '{ print $6, $5 }' /proc/$$/stat; pwd", _folder.Path), sink);

        Assert.Equal(0, await Eventually.WithDeadlineAsync(process.Exited, "the script to exit"));
        var lines = sink.Texts(LogStreamKind.StandardOutput);
        Assert.Equal([process.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), process.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(_folder.Path, lines[1]);
    }

    [Fact]
    public async Task Start_CommandThatRunsAndExitsWith127_IsAJobExitWithItsOutput()
    {
        var sink = new CollectingSink();
        using var process = Launchers.Create().StartOrFail(Launchers.Shell("jobhub-no-such-command-in-the-script", _folder.Path), sink);

        Assert.Equal(127, await Eventually.WithDeadlineAsync(process.Exited, "the script to exit"));
        Assert.Contains(sink.Texts(LogStreamKind.StandardError), line => line.Contains("jobhub-no-such-command-in-the-script", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_MissingWorkingFolderGivesAClearError()
    {
        var missing = _folder.Combine("nope");
        var result = Launchers.Create().Start(Launchers.Shell("true", missing), new CollectingSink());

        Assert.False(result.Started);
        Assert.Contains(missing, result.Error, StringComparison.Ordinal);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_TermTrappingScriptWritesByeAndExits()
    {
        var sink = new CollectingSink();
        const string Script = "trap 'kill $! 2>/dev/null; echo bye; exit 3' TERM; echo ready; while :; do sleep 1 & wait $!; done";
        using var process = Launchers.Create().StartOrFail(Launchers.Shell(Script, _folder.Path), sink);
        await sink.WaitForLineAsync("ready");

        var outcome = await Eventually.WithDeadlineAsync(process.StopAsync(LongGrace), "the stop to finish");

        Assert.Equal(StopOutcome.ExitedAfterTerminate, outcome);
        Assert.Equal(3, await process.Exited);
        Assert.Equal(["ready", "bye"], sink.Texts(LogStreamKind.StandardOutput));
    }

    [Fact]
    public async Task Stop_ScriptIgnoringTermIsKilledAfterTheGrace()
    {
        var sink = new CollectingSink();
        using var process = Launchers.Create().StartOrFail(Launchers.Shell("trap '' TERM; echo ready; while :; do sleep 1; done", _folder.Path), sink);
        await sink.WaitForLineAsync("ready");

        var outcome = await Eventually.WithDeadlineAsync(process.StopAsync(TimeSpan.FromMilliseconds(300)), "the stop to finish");

        Assert.Equal(StopOutcome.Killed, outcome);
        Assert.Equal(128 + 9, await process.Exited);
    }

    [Fact]
    public async Task Stop_AfterExitReportsAlreadyExited()
    {
        using var process = Launchers.Create().StartOrFail(Launchers.Shell("exit 0", _folder.Path), new CollectingSink());
        await Eventually.WithDeadlineAsync(process.Exited, "the script to exit");

        Assert.Equal(StopOutcome.AlreadyExited, await process.StopAsync(LongGrace));
    }

    [Fact]
    public async Task Output_ThrowingSinkDoesNotStopTheProcess()
    {
        using var process = Launchers.Create().StartOrFail(Launchers.Shell("for i in 1 2 3; do echo $i; done; exit 5", _folder.Path), new ThrowingSink());

        Assert.Equal(5, await Eventually.WithDeadlineAsync(process.Exited, "the script to exit"));
    }

    private sealed class ThrowingSink : ILogLineSink
    {
        public ValueTask WriteAsync(LogLine line, CancellationToken cancellationToken) => throw new InvalidOperationException("sink broken");
    }
}
