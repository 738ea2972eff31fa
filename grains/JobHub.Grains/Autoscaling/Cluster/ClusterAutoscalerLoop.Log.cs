using JobHub.Grains.Autoscaling.Events;
using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Autoscaling.Cluster;

public sealed partial class ClusterAutoscalerLoop
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Information, Message = "Pool {Pool}: {Kind} of {Count} node(s) [{NodeIds}]: {Reason}; cost per hour {CostPerHourChange:+0.##;-0.##;0}")]
    private static partial void LogPoolEvent(ILogger logger, string pool, PoolEventKind kind, int count, string nodeIds, string reason, decimal costPerHourChange);
}
