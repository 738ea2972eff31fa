using System.CommandLine;
using JobHub.Cli.Output;

namespace JobHub.Cli.Commands;

/// <summary><c>jobhub extend &lt;id&gt; &lt;duration&gt;</c>: adds time to a running job's limit.</summary>
internal static class ExtendCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = new Argument<string>("id") { Description = "The job id" };
        var duration = new Argument<TimeSpan>("duration")
        {
            Description = "Time to add, e.g. 30m, 2h, 01:00:00 (the limit stays at most 30 days)",
            CustomParser = result => OptionValues.Duration(result, "<duration>") ?? TimeSpan.Zero,
        };
        var extend = new Command("extend", "Add time to a running job's time limit") { id, duration };
        extend.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var job = await client.ExtendAsync(parse.GetRequiredValue(id), parse.GetValue(duration), cancellationToken);
            var until = job.Deadline is { } deadline ? $", until {JobText.Time(deadline)}" : string.Empty;
            await Console.Out.WriteLineAsync($"{JobText.Safe(job.JobId)} time limit {job.TimeLimit:c}{until}");
            return ExitCodes.Success;
        });
        return extend;
    }
}
