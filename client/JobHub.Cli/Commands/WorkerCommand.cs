using System.CommandLine;
using System.Globalization;
using JobHub.Client;
using JobHub.Contracts.Validation;

namespace JobHub.Cli.Commands;

/// <summary>
/// <c>jobhub worker idle</c> and <c>jobhub worker busy</c>: inside an elastic job's worker, says whether it waits for
/// work, so a process autoscaler that shrinks the job stops idle workers first. The job and the worker come from
/// <c>JOBHUB_JOB_ID</c> and <c>JOBHUB_WORKER_INDEX</c> (set by the agent) unless --job and --index say otherwise.
/// </summary>
internal static class WorkerCommand
{
    private const string WorkerIndexVariable = "JOBHUB_WORKER_INDEX";

    public static Command Create(GlobalOptions global)
    {
        var worker = new Command("worker", "Inside a job's worker: say whether it is idle (waiting for work) or busy");
        worker.Subcommands.Add(Activity(global, "idle", idle: true, "Say this worker waits for work: a scaler that shrinks the job stops it before busy ones"));
        worker.Subcommands.Add(Activity(global, "busy", idle: false, "Say this worker works again (every new run starts busy)"));
        return worker;
    }

    private static Command Activity(GlobalOptions global, string name, bool idle, string description)
    {
        var job = new Option<string?>("--job") { Description = $"The job (default: ${JobHubClient.JobIdVariable}, set inside a job)", HelpName = "id" };
        var index = OptionValues.Whole("--index", string.Empty, 1, JobLimits.MaxProcesses, $"The worker, 1 or more (default: ${WorkerIndexVariable}, set inside a job)");
        var command = new Command(name, description) { job, index };
        command.SetAction(global, async (parse, cancellationToken) =>
        {
            var jobId = InJobClient.JobId(parse.GetValue(job), $"Name the job with --job ID (inside a job, ${JobHubClient.JobIdVariable} names it).");
            var workerIndex = parse.GetValue(index) ?? WorkerIndexFromEnvironment();
            using var client = InJobClient.Create(global, parse);
            await client.SetWorkerIdleAsync(jobId, workerIndex, idle, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static int WorkerIndexFromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(WorkerIndexVariable);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            throw new CliUsageException($"Name the worker with --index N (inside a job, ${WorkerIndexVariable} names it).");
        }

        return index >= 1
            ? index
            : throw new CliUsageException($"This is the job's master (${WorkerIndexVariable}={index}): only workers (1 or more) are idle or busy; the master is never stopped by a scaler.");
    }
}
