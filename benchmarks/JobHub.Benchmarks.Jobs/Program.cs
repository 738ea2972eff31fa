using System.Globalization;
using JobHub.Benchmarks.Jobs;
using JobHub.Client;
using JobHub.Testing;

// dotnet run -c Release --project benchmarks/JobHub.Benchmarks.Jobs -- [embedded|cluster] [jobs=1000] [--steady]
//
// embedded: one silo process (Release build, SQLite under its own data folder), through the SDK:
//   1. N single-process jobs running `true`, all submitted at once after a warm-up of 500: jobs/s from the first
//      submit to the last completion, p50/p99 of submit→running and submit→completed (server timestamps), and the
//      CPU the silo and its job processes used per job.
//      With --steady the warm-up goes on until the silo's JIT thread is idle (a silo in service rather than one in its
//      first minute): batches of 250 jobs until two in a row in which that thread used at most 2 % of the silo's CPU.
//   2. One elastic job of 1 master + 15 workers: time from submit until the master sees 15 running workers.
// cluster: three silo processes on PostgreSQL (a schema of their own, dropped after), the SDK spreading calls over
//   all three: the same throughput figures, then the failover time: 30 long jobs run, one silo is SIGKILLed, and the
//   time until every job answers again through the survivors.
var mode = args.FirstOrDefault(a => !char.IsDigit(a[0]) && !a.StartsWith("--", StringComparison.Ordinal)) ?? "embedded";
var jobs = args.LastOrDefault(a => char.IsDigit(a[0])) is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : 1000;
var steady = args.Contains("--steady");
Console.WriteLine($"JobHub job benchmark ({mode}{(steady ? ", steady state" : string.Empty)}): {jobs} jobs; {Environment.ProcessorCount} cores; configuration {RepositoryPaths.Configuration}");

if (mode == "cluster")
{
    await using var cluster = await JobClusterOfProcesses.StartAsync(
        silos: 3,
        nodes: 3,
        settings:
        [
            "--JobHub:LocalNodes:VcpuPerNode", "64",
            "--Logging:LogLevel:Default", "Warning",
        ]);
    await JobRuns.ThroughputAsync(cluster.Clients, jobs, cluster.Silos.Select(s => s.Process.Id).ToArray(), steady);
    await JobRuns.FailoverAsync(cluster);
}
else
{
    var data = Directory.CreateTempSubdirectory("jobhub-bench-jobs-").FullName;
    await using (var silo = await SiloProcess.StartAsync(data, "--JobHub:LocalNodes:VcpuPerNode", "64", "--Logging:LogLevel:Default", "Warning"))
    {
        var client = new JobHubClient(new JobHubClientOptions { BaseAddress = new Uri($"http://127.0.0.1:{silo.Port}"), Token = silo.AdminToken });
        await JobRuns.ThroughputAsync([client], jobs, [silo.Process.Id], steady);
        await JobRuns.WorkersAsync(client);
    }

    Directory.Delete(data, recursive: true);
}
