using JobHub.Agent;
using JobHub.Agent.Processes;

namespace JobHub.Agent.Tests.Processes;

public sealed class ProcFsTests
{
    [Fact]
    public void Parse_CommandNameWithSpacesAndParentheses_ReadsTheFieldsAfterIt()
    {
        const string Line = "4242 (my (odd) name) S 17 4242 4242 0 -1 4194304 97 0 1 0 0 0 0 0 20 0 1 0 173765 2990080 418 18446744073709551615";

        var stat = ProcFs.Parse(4242, Line);

        Assert.Equal(new ProcessStat(4242, 'S', 17, 4242, 4242, 173765), stat);
    }

    [Fact]
    public void Parse_ZombieHasEnded()
    {
        var stat = ProcFs.Parse(7, "7 (sh) Z 1 7 7 0 -1 4228108 97 0 1 0 0 0 0 0 20 0 1 0 99 0 0");

        Assert.True(stat?.HasEnded);
    }

    [Fact]
    public void ReadStat_ThisProcess_HasItsStartTimeAndTheBootIdIsKnown()
    {
        var stat = ProcFs.ReadStat(Environment.ProcessId);

        Assert.NotNull(stat);
        Assert.Equal(ProcFs.SelfStartTime, stat.Value.StartTime);
        Assert.True(stat.Value.StartTime > 0);
        Assert.Matches("^[0-9a-f-]{36}$", ProcFs.BootId);
        Assert.Matches("^pid:\\[[0-9]+\\]$", ProcFs.PidNamespace);
        Assert.Equal(NativeMethods.RealPath(Environment.ProcessPath!), ProcFs.ReadExecutable(Environment.ProcessId));
        Assert.Null(ProcFs.ReadStat(-1));
    }
}
