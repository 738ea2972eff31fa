using System.Diagnostics;
using System.Text;
using JobHub.Testing;

namespace JobHub.Client.Tests.Infrastructure;

/// <summary>One run of the built <c>jobhub</c> as a real process, with stdout and stderr kept apart.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static string Assembly { get; } = RepositoryPaths.BuiltAssembly(Path.Combine("client", "JobHub.Cli"), "jobhub");

    /// <summary>A config folder no test writes to, so runs never read the machine's own <c>jobhub login</c>.</summary>
    public static string NoConfigHome { get; } = Path.Combine(Path.GetTempPath(), "jobhub-cli-tests-no-config-" + Environment.ProcessId);

    /// <summary>
    /// Runs <c>jobhub</c> with <c>JOBHUB_URL</c> set to <paramref name="url"/> and <c>JOBHUB_TOKEN</c> to <paramref name="token"/>
    /// (each removed when null). Tokens never leak in from the machine: <c>JOBHUB_DATA_DIR</c> is removed and
    /// <c>XDG_CONFIG_HOME</c> points at an empty folder, unless <paramref name="environment"/> sets them (a null value removes a variable).
    /// <paramref name="input"/>, when given, is written to stdin, which is then closed.
    /// </summary>
    public static async Task<CliRun> RunAsync(
        Uri? url,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        TimeSpan? timeout = null,
        string? token = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? input = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        info.Environment.Remove("JOBHUB_DATA_DIR");
        info.Environment["XDG_CONFIG_HOME"] = NoConfigHome;
        info.ArgumentList.Add(Assembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("JOBHUB_TOKEN");
        if (token is not null)
        {
            info.Environment["JOBHUB_TOKEN"] = token;
        }

        if (url is null)
        {
            info.Environment.Remove("JOBHUB_URL");
        }
        else
        {
            info.Environment["JOBHUB_URL"] = url.AbsoluteUri;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start jobhub.");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"jobhub {string.Join(' ', arguments)} did not exit in time. Output: {await output} {await error}");
        }

        return new CliRun(process.ExitCode, await output, await error);
    }

    public override string ToString() => new StringBuilder()
        .Append("exit code ").Append(ExitCode).AppendLine()
        .Append("stdout: ").AppendLine(Out)
        .Append("stderr: ").AppendLine(Error).ToString();
}
