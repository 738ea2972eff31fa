using JobHub.Contracts.Jobs;
using JobHub.Contracts.Metrics;

namespace JobHub.Grains.Tests.Metrics;

/// <summary>A sample of every serializable type of job metrics and the process scaler spec, for <see cref="SerializationRoundTripTests"/>.</summary>
internal static class MetricSamples
{
    public static object[] All(DateTimeOffset time)
    {
        var sample = new MetricSample(time, 12.5);
        var series = new MetricSeries("queue_length", [sample, new MetricSample(time.AddSeconds(1), -3)]);
        return [sample, series, new JobMetrics("job-1", [series]), new MetricReport("queue_length", 7, time),
            new ProcessScalerSpec { Metric = "queue_length", Window = TimeSpan.FromSeconds(5), MinWorkers = 2, MaxWorkers = 8, TargetPerWorker = 4, MaxStepUp = 3, MaxStepDown = 1, CoolDown = TimeSpan.FromSeconds(7) }];
    }
}
