using System.CommandLine;
using System.Text.Json;
using JobHub.Cli.Output;
using JobHub.Client;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Validation;

namespace JobHub.Cli.Commands;

/// <summary><c>jobhub list</c>: jobs, newest first, as a table or JSON.</summary>
internal static class ListCommand
{
    public static Command Create(GlobalOptions global)
    {
        var states = Enum.GetValues<JobState>().Select(JobText.Name).ToList();
        var state = new Option<JobState?>("--state", "-s")
        {
            Description = "Only jobs in this state: " + string.Join(", ", states),
            HelpName = "state",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (JobText.StatesByName.TryGetValue(text.Trim(), out var known))
                {
                    return known;
                }

                result.AddError($"--state must be {OptionValues.Either(states)} (was '{OptionValues.Shown(text)}').");
                return null;
            },
        };
        var limit = OptionValues.Whole("--limit", "-l", 1, int.MaxValue, $"Show at most this many jobs (default 50; fetched {JobLimits.MaxJobPage} at a time)");
        var all = new Option<bool>("--all", "-a") { Description = "Every owner's jobs, not only yours" };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of job summaries" };

        var list = new Command("list", "List jobs, newest first") { state, limit, all, json };
        list.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var wanted = parse.GetValue(state);
            var max = parse.GetValue(limit) ?? 50;
            var jobs = new List<JobSummary>();
            await foreach (var job in client.ListAllAsync(wanted, parse.GetValue(all), Math.Min(max, JobLimits.MaxJobPage), cancellationToken))
            {
                jobs.Add(job);
                if (jobs.Count >= max)
                {
                    break;
                }
            }

            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(jobs, JobHubJson.Options));
                return ExitCodes.Success;
            }

            TextTable.Write(
                Console.Out,
                ["ID", "NAME", "STATE", "SUBMITTED", "ENDED", "REASON"],
                jobs.Select(j => (IReadOnlyList<string>)[j.JobId, j.Name, JobText.Name(j.State), JobText.Time(j.SubmittedAt), JobText.Time(j.EndedAt), j.Reason]));
            return ExitCodes.Success;
        });
        return list;
    }
}
