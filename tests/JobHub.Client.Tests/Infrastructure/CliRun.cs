using System.Diagnostics;
using System.Text;
using JobHub.Testing;

namespace JobHub.Client.Tests.Infrastructure;

/// <summary>One run of the built <c>jobhub</c> as a real process, with stdout and stderr kept apart.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static string Assembly { get; } = RepositoryPaths.BuiltAssembly(Path.Combine("client", "JobHub.Cli"), "jobhub");

    /// <summary>Runs <c>jobhub</c> with <c>JOBHUB_URL</c> set to <paramref name="url"/> and <c>JOBHUB_TOKEN</c> to <paramref name="token"/> (each removed when null).</summary>
    public static async Task<CliRun> RunAsync(Uri? url, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null, string? token = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
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

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start jobhub.");
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
