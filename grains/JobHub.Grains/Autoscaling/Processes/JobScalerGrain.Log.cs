using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Autoscaling.Processes;

/// <summary>The scaler's decisions, one line per change.</summary>
internal sealed partial class JobScalerGrain
{
    [LoggerMessage(EventId = 7200, Level = LogLevel.Information, Message = "Job {JobId}: workers {From} -> {To} ({Metric} averaged {Average} over the window)")]
    private static partial void LogScaling(ILogger logger, string jobId, int from, int to, string metric, double? average);
}
