using JobHub.Agent.Hosting;
using JobHub.Agent.Processes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobHub.Agent.Tests.Infrastructure;

public static class Launchers
{
    public static ProcessLauncher Create(TimeProvider? timeProvider = null, Action<LocalNodeAgentOptions>? configure = null)
    {
        var options = new LocalNodeAgentOptions();
        configure?.Invoke(options);
        return new ProcessLauncher(Options.Create(options), timeProvider ?? TimeProvider.System, NullLogger<ProcessLauncher>.Instance);
    }

    public static ProcessLaunchSpec Shell(string script, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, ProcessLabel? label = null) =>
        new("/bin/sh", ["-c", script], workingDirectory, environment ?? new Dictionary<string, string>(), label ?? ProcessLabel.Master("job-1"));

    public static RunningProcess StartOrFail(this ProcessLauncher launcher, ProcessLaunchSpec spec, ILogLineSink sink)
    {
        var result = launcher.Start(spec, sink);
        Assert.True(result.Started, result.Error);
        return result.Process;
    }
}
