using System.Collections.Immutable;
using JobHub.Contracts.Jobs;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;

namespace JobHub.Grains.Tests.Billing;

/// <summary>What the billing tests' jobs share: a job that runs until a flag file exists, waiting for a final charge, a ledger file.</summary>
internal static class BilledJobs
{
    /// <summary>A one-process job that runs until <paramref name="flag"/> exists.</summary>
    public static JobSpec WaitForFlag(string flag) => JobsHost.Shell("""while [ ! -e "$FLAG" ]; do sleep 0.05; done""") with
    {
        Environment = ImmutableDictionary<string, string>.Empty.Add("FLAG", flag),
    };

    /// <summary>The job once its charge is final.</summary>
    public static async Task<JobInfo> WaitForFinalCostAsync(this JobsHost host, string jobId)
    {
        JobInfo? last = null;
        await Eventually.WaitUntilAsync(async () => (last = await host.Job(jobId).Get()).CostFinal, $"job {jobId} should have its final charge");
        return last!;
    }

    /// <summary>A new SQLite ledger file's path in the temporary folder.</summary>
    public static string NewLedgerFile(string test) => Path.Combine(Path.GetTempPath(), $"jobhub-{test}-ledger-{Guid.NewGuid():N}.db");

    /// <summary>Deletes a SQLite file and its WAL companions.</summary>
    public static void DeleteLedgerFile(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
