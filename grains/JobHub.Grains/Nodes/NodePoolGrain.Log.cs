using JobHub.Grains.Autoscaling.Providers;
using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Nodes;

internal sealed partial class NodePoolGrain
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Debug, Message = "Pool {Pool}: job {JobId} got {Placed} processes placed ({Outcome})")]
    private static partial void LogReserved(ILogger logger, string pool, string jobId, int placed, string outcome);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Pool {Pool}: node {NodeId} {Change}")]
    private static partial void LogNodeChanged(ILogger logger, string pool, string nodeId, NodeProviderEventKind change);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Pool {Pool}: the autoscaler could not carry out its decision; waiting work stays queued")]
    private static partial void LogAutoscalerFailed(ILogger logger, Exception exception, string pool);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Error, Message = "Pool {Pool}: could not make node {NodeId}, which left the pool, kill its processes")]
    private static partial void LogNodeLossFailed(ILogger logger, Exception exception, string pool, string nodeId);

    [LoggerMessage(EventId = 4206, Level = LogLevel.Information, Message = "Pool {Pool}: telling job {JobId} again that node {NodeId} was lost (not acknowledged yet)")]
    private static partial void LogLossNoticeRepeated(ILogger logger, string pool, string nodeId, string jobId);
}
