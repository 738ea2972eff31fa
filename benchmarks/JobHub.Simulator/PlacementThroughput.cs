using System.Diagnostics;
using JobHub.Contracts.Jobs;
using JobHub.Grains.Scheduling.FairShare;
using JobHub.Grains.Scheduling.Placement;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Scheduling.Requests;

namespace JobHub.Simulator;

/// <summary>
/// The scheduler alone at full scale: 1,000 ready nodes of 32 vCPU filled with 32,000 one-vCPU processes from the
/// trace's jobs (fill), then half the jobs end and new ones take their place (churn). Wall clock.
/// </summary>
internal static class PlacementThroughput
{
    public static (double FillPerSecond, double ChurnPerSecond, long Placed) Measure(IReadOnlyList<TraceJob> trace, int nodes)
    {
        var clock = new Grains.Autoscaling.Providers.VirtualTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var pool = new PoolSpec { Name = "cpu", NodeSize = new ResourceAmount(32_000, 131_072, 0), MaxNodes = nodes };
        var scheduler = new Scheduler([pool], new SchedulerPolicy(), clock);
        for (var i = 0; i < nodes; i++)
        {
            scheduler.AddReadyNode($"cpu-{i:0000}", "cpu");
        }

        var jobs = new Queue<TraceJob>(trace);
        var submitted = new List<string>();
        long capacity = nodes * 32L;
        long asked = 0;
        while (asked < capacity && jobs.TryDequeue(out var job))
        {
            var processes = (int)Math.Min(job.Processes, capacity - asked);
            scheduler.Submit(Request(job, processes));
            submitted.Add(job.JobId);
            asked += processes;
        }

        var watch = Stopwatch.StartNew();
        var fill = scheduler.Schedule().Count;
        var fillTime = watch.Elapsed;

        // Churn: every seventh job ends, as many new jobs of the trace arrive; a pass after each 100 arrivals.
        long churned = 0;
        var churnTime = TimeSpan.Zero;
        for (var round = 0; round < 7; round++)
        {
            var ended = 0;
            for (var i = round; i < submitted.Count; i += 7)
            {
                scheduler.ReleaseJob(submitted[i]);
                ended++;
            }

            for (var arrivals = 1; arrivals <= ended && jobs.TryDequeue(out var job); arrivals++)
            {
                scheduler.Submit(Request(job, job.Processes));
                submitted.Add(job.JobId);
                if (arrivals % 100 == 0)
                {
                    watch.Restart();
                    churned += scheduler.Schedule().Count;
                    churnTime += watch.Elapsed;
                }
            }

            watch.Restart();
            churned += scheduler.Schedule().Count;
            churnTime += watch.Elapsed;
        }

        return (fill / fillTime.TotalSeconds, churned / Math.Max(1e-9, churnTime.TotalSeconds), fill + churned);
    }

    private static PlacementRequest Request(TraceJob job, int processes)
    {
        var each = new ResourceAmount(1000, 2048, 0);
        var isFixed = job.Kind == "fixed";
        return new PlacementRequest
        {
            JobId = job.JobId,
            Owner = job.User,
            Groups = [job.Group],
            Selector = PoolSelector.Named("cpu"),
            Processes = [.. Enumerable.Range(0, processes).Select(i => new ProcessRequest(i, i == 0 ? WorkerRole.Master : WorkerRole.Worker, each, Critical: i == 0 || isFixed))],
            GangSize = isFixed ? processes : 1,
            FixedPool = isFixed,
        };
    }
}
