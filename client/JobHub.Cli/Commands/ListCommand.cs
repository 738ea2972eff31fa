using System.CommandLine;
using System.Text.Json;
using JobHub.Cli.Output;
using JobHub.Client;
using JobHub.Contracts.Jobs;

namespace JobHub.Cli.Commands;

/// <summary><c>jobhub list</c>: jobs, newest first, as a table or JSON.</summary>
internal static class ListCommand
{
    public static Command Create(GlobalOptions global)
    {
        var state = new Option<string?>("--state", "-s") { Description = "Only jobs in this state: " + string.Join(", ", Enum.GetValues<JobState>().Select(JobText.Name)) };
        state.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !JobText.StatesByName.ContainsKey(result.Tokens[0].Value))
            {
                result.AddError($"'{result.Tokens[0].Value}' is not a job state; use one of {string.Join(", ", Enum.GetValues<JobState>().Select(JobText.Name))}.");
            }
        });
        var limit = new Option<int>("--limit", "-l") { Description = "Show at most this many jobs (default 50)", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--limit must be at least 1.");
            }
        });
        var all = new Option<bool>("--all", "-a") { Description = "Every owner's jobs, not only yours" };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of job summaries" };

        var list = new Command("list", "List jobs, newest first") { state, limit, all, json };
        list.SetAction(global, async (parse, client, cancellationToken) =>
        {
            JobState? wanted = parse.GetValue(state) is { } name ? JobText.StatesByName[name] : null;
            var max = parse.GetValue(limit);
            var jobs = new List<JobSummary>();
            await foreach (var job in client.ListAllAsync(wanted, parse.GetValue(all), Math.Min(max, 500), cancellationToken))
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
