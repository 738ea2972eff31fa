using JobHub.Contracts.Metrics;

namespace JobHub.Grains.Tests.Metrics;

/// <summary>A sample of every serializable type of job metrics, for <see cref="SerializationRoundTripTests"/>.</summary>
internal static class MetricSamples
{
    public static object[] All(DateTimeOffset time)
    {
        var sample = new MetricSample(time, 12.5);
        var series = new MetricSeries("queue_length", [sample, new MetricSample(time.AddSeconds(1), -3)]);
        return [sample, series, new JobMetrics("job-1", [series]), new MetricReport("queue_length", 7, time)];
    }
}
