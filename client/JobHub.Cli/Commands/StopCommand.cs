using System.CommandLine;
using JobHub.Cli.Output;

namespace JobHub.Cli.Commands;

/// <summary><c>jobhub stop &lt;id&gt;</c>: stops a job; a job that already ended is left as it is.</summary>
internal static class StopCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = new Argument<string>("id") { Description = "The job id" };
        var reason = new Option<string?>("--reason", "-r") { Description = "Why, kept in the job's history (at most 1000 characters, no control characters but line breaks and tabs)", HelpName = "text" };
        var stop = new Command("stop", "Stop a job") { id, reason };
        stop.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var job = await client.StopAsync(parse.GetRequiredValue(id), parse.GetValue(reason), cancellationToken);
            await Console.Out.WriteLineAsync(JobText.Outcome(job));
            return ExitCodes.Success;
        });
        return stop;
    }
}
