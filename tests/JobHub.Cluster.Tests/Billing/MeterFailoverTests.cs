using JobHub.Contracts.Jobs;
using JobHub.Cluster.Tests.Jobs;
using JobHub.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace JobHub.Cluster.Tests.Billing;

/// <summary>
/// SIGKILL of the silo hosting a job's grain while its meter runs (the job's process runs on another silo and lives
/// on): the job reactivates on a survivor, reads its charge back from the PostgreSQL ledger and goes on metering.
/// Afterwards the job's ledger entries are numbered without a gap or a repeat and sum exactly to its billed seconds
/// times its price, and those seconds are the process's run time to the second.
/// </summary>
public sealed class MeterFailoverTests(ITestOutputHelper output)
{
    /// <summary>One 1-vCPU node at 3.6 per hour: 0.001 a second, so every amount is exact and readable.</summary>
    private static readonly string[] Priced =
    [
        "--JobHub:LocalNodes:PricePerHour", "3.6",
        "--JobHub:Billing:MinimumCharge", "00:00:00",
        "--JobHub:Billing:MeterInterval", "00:00:01",
    ];

    [Fact]
    public async Task SiloHostingTheJobKilledMidMeter_LedgerSumsExactlyToTheRunTimesThePrice_WithNothingCountedTwice()
    {
        await using var cluster = await JobClusterOfProcesses.StartAsync(settings: Priced);

        // The node grain lives where the first job placed it; the metered job is submitted through another silo, whose
        // API activates the job grain locally (the job grain prefers local placement).
        var warmup = await cluster.Clients[0].SubmitAsync(ClusterJobSpecs.Shell("warmup", "true"));
        await cluster.Clients[0].WaitForCompletionAsync(warmup.JobId);
        SiloProcess? nodeSilo = null;
        await Eventually.WaitUntilAsync(async () => (nodeSilo = await cluster.SiloRunningTheNodeAsync()) is not null, "a silo runs the node", TimeSpan.FromSeconds(30));
        var victimIndex = (cluster.Silos.IndexOf(nodeSilo!) + 1) % cluster.Silos.Count;
        var victim = cluster.Silos[victimIndex];
        var survivor = cluster.Clients[cluster.Silos.IndexOf(nodeSilo!)];

        var job = await cluster.Clients[victimIndex].SubmitAsync(ClusterJobSpecs.Shell("metered", "sleep 20"));
        Assert.True(await HostsJobsAsync(victim), "the job's grain should be on the silo that took the submission");
        await Eventually.WaitUntilAsync(async () => (await LedgerAsync(cluster, job.JobId)).Count >= 3, "the meter has written 3 entries", TimeSpan.FromSeconds(30));

        victim.Process.Signal(ProcessSignals.SigKill);
        var killedAt = TimeProvider.System.GetUtcNow();

        JobInfo? ended = null;
        await Eventually.WaitUntilAsync(
            async () => (ended = await TryGetAsync(survivor, job.JobId)) is { CostFinal: true },
            $"job {job.JobId} has its final charge after the silo hosting its grain was killed",
            TimeSpan.FromSeconds(90));

        var entries = await LedgerAsync(cluster, job.JobId);
        var master = (await survivor.GetWorkersAsync(job.JobId)).Single(w => w.Index == 0);
        var ran = master.Since - master.StartedAt!.Value;
        output.WriteLine($"{ended!.State}: {ended.Reason}; billed {ended.BilledSeconds} s = {ended.Cost}; process ran {ran.TotalSeconds:0.000} s");
        foreach (var (sequence, kind, seconds, amount, recorded) in entries)
        {
            output.WriteLine($"  {sequence} {kind} {seconds} s {amount} at {recorded:HH:mm:ss.fff}{(recorded > killedAt ? " (after the kill)" : string.Empty)}");
        }

        Assert.Equal(JobState.Completed, ended.State);
        Assert.Equal(Enumerable.Range(1, entries.Count), entries.Select(e => e.Sequence));
        Assert.Contains(entries, e => e.Recorded > killedAt);
        Assert.Equal(ended.BilledSeconds, entries.Sum(e => e.Seconds));
        Assert.Equal(ended.Cost, entries.Sum(e => e.Amount));
        Assert.Equal(ended.BilledSeconds * 0.001m, ended.Cost);
        Assert.InRange(ended.BilledSeconds, (long)ran.TotalSeconds - 1, (long)ran.TotalSeconds + 1);
    }

    private static async Task<bool> HostsJobsAsync(SiloProcess silo)
    {
        var view = await silo.GetClusterAsync();
        var self = view.GetProperty("silo").GetProperty("id").GetString();
        var own = view.GetProperty("silos").EnumerateArray().Single(s => s.GetProperty("address").GetString() == self);
        return own.GetProperty("activationsByType").EnumerateObject().Any(type => type.Name == "job" && type.Value.GetInt64() > 0);
    }

    private static async Task<JobInfo?> TryGetAsync(JobHub.Client.JobHubClient client, string jobId)
    {
        try
        {
            return await client.GetAsync(jobId);
        }
        catch (Exception ex) when (ex is JobHub.Client.JobHubApiException or HttpRequestException or TaskCanceledException)
        {
            return null; // the cluster is still failing over
        }
    }

    /// <summary>The job's entries straight from the cluster's ledger table, by sequence.</summary>
    private static async Task<List<(int Sequence, int Kind, long Seconds, decimal Amount, DateTimeOffset Recorded)>> LedgerAsync(JobClusterOfProcesses cluster, string jobId)
    {
        await using var connection = new NpgsqlConnection(PostgresTestServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT seq, kind, seconds, amount, recorded_ticks FROM \"{cluster.Schema}\".billing_ledger WHERE job_id = @job ORDER BY seq", connection);
        command.Parameters.AddWithValue("job", jobId);
        var entries = new List<(int, int, long, decimal, DateTimeOffset)>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                entries.Add((reader.GetInt32(0), reader.GetInt16(1), reader.GetInt64(2), reader.GetDecimal(3), new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero)));
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // Not created yet.
        }

        return entries;
    }
}
