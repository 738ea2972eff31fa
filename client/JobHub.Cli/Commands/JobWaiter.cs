using JobHub.Cli.Output;
using JobHub.Client;
using JobHub.Contracts.Jobs;

namespace JobHub.Cli.Commands;

/// <summary>Waits for a job's end (showing progress or its log) and turns the outcome into the exit code.</summary>
internal static class JobWaiter
{
    public static async Task<int> WaitAsync(JobHubClient client, string jobId, bool follow, CancellationToken cancellationToken)
    {
        JobInfo job;
        if (follow)
        {
            var printer = LogPrinter.ForConsole();
            try
            {
                // The stream ends once the job has ended and every line was sent.
                await foreach (var entry in client.FollowLogsAsync(jobId, cancellationToken: cancellationToken))
                {
                    printer.Write(entry);
                }
            }
            finally
            {
                printer.Complete();
            }

            job = await client.WaitForCompletionAsync(jobId, cancellationToken: cancellationToken);
        }
        else
        {
            var progress = WaitProgress.ForConsole();
            try
            {
                job = await client.WaitForCompletionAsync(jobId, progress, cancellationToken);
            }
            finally
            {
                progress.Finish();
            }
        }

        await Console.Error.WriteLineAsync(JobText.Outcome(job));
        return job.State == JobState.Completed ? ExitCodes.Success : ExitCodes.JobUnsuccessful;
    }
}
