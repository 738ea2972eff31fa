using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using JobHub.Cli.Output;
using JobHub.Client;
using JobHub.Contracts.Metrics;

namespace JobHub.Cli.Commands;

/// <summary>
/// <c>jobhub metrics report NAME VALUE [--job ID]</c> and <c>jobhub metrics show ID</c>. Inside a job process both
/// work without options: the job id, API address and job token come from the variables the agent sets
/// (<c>JOBHUB_JOB_ID</c>, <c>JOBHUB_API_URL</c>, <c>JOBHUB_JOB_TOKEN</c>) unless --job, --url/$JOBHUB_URL or
/// --token/$JOBHUB_TOKEN say otherwise.
/// </summary>
internal static class MetricsCommand
{
    private const string JobIdVariable = JobHubClient.JobIdVariable;

    public static Command Create(GlobalOptions global)
    {
        var metrics = new Command("metrics", "Report and read a job's metrics (the process autoscaler scales on them)");
        metrics.Subcommands.Add(Report(global));
        metrics.Subcommands.Add(Show(global));
        return metrics;
    }

    private static Command Report(GlobalOptions global)
    {
        var name = new Argument<string>("name") { Description = "The metric: 1-64 characters of A-Z a-z 0-9 . _ -, starting with a letter" };
        var value = new Argument<string>("value") { Description = "A finite number (invariant culture: 12.5)" };
        var job = new Option<string?>("--job") { Description = $"The job (default: ${JobIdVariable}, set inside a job)", HelpName = "id" };
        var time = new Option<DateTimeOffset?>("--time") { Description = "When the value was measured, ISO 8601 (default: now, the server's clock)", HelpName = "time" };
        var report = new Command("report", "Report one value of a job's metric (inside a job: of that job, with its job token)") { name, value, job, time };
        report.SetAction(global, async (parse, cancellationToken) =>
        {
            var jobId = InJobClient.JobId(parse.GetValue(job), $"Name the job with --job ID (inside a job, ${JobIdVariable} names it).");
            var text = parse.GetRequiredValue(value);
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
            {
                throw new CliUsageException($"VALUE '{OptionValues.Shown(text)}' is not a finite number such as 12.5.");
            }

            using var client = InJobClient.Create(global, parse);
            await client.ReportMetricAsync(jobId, parse.GetRequiredValue(name), number, parse.GetValue(time), cancellationToken);
            return ExitCodes.Success;
        });
        return report;
    }

    private static Command Show(GlobalOptions global)
    {
        var id = new Argument<string?>("id") { Description = $"The job (default: ${JobIdVariable}, set inside a job)", Arity = ArgumentArity.ZeroOrOne };
        var name = new Option<string?>("--name") { Description = "Only this metric", HelpName = "name" };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only samples at or after this time, ISO 8601", HelpName = "time" };
        var json = new Option<bool>("--json") { Description = "Print the metrics as JSON" };
        var show = new Command("show", "Show the samples kept of a job's metrics, oldest first") { id, name, since, json };
        show.SetAction(global, async (parse, cancellationToken) =>
        {
            var jobId = InJobClient.JobId(parse.GetValue(id), $"Name the job: jobhub metrics show ID (inside a job, ${JobIdVariable} names it).");
            using var client = InJobClient.Create(global, parse);
            var result = await client.GetMetricsAsync(jobId, parse.GetValue(name), parse.GetValue(since), cancellationToken);
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(result, JobHubJson.Options));
                return ExitCodes.Success;
            }

            TextTable.Write(
                Console.Out,
                ["NAME", "TIME", "VALUE"],
                result.Metrics.SelectMany(m => m.Samples.Select(s => (IReadOnlyList<string>)
                [
                    m.Name,
                    s.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
                    s.Value.ToString("R", CultureInfo.InvariantCulture),
                ])));
            return ExitCodes.Success;
        });
        return show;
    }
}
