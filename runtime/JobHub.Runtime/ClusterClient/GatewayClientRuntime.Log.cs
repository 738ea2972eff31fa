using Microsoft.Extensions.Logging;

namespace JobHub.Runtime.ClusterClient;

internal sealed partial class GatewayClientRuntime
{
    [LoggerMessage(EventId = 530, Level = LogLevel.Information, Message = "Cluster client {ClientId} uses gateway {Gateway}")]
    private static partial void LogUsingGateway(ILogger logger, string clientId, string gateway);

    [LoggerMessage(EventId = 531, Level = LogLevel.Warning, Message = "Gateway {Gateway} missed ping {Missed}: {Error}")]
    private static partial void LogProbeMissed(ILogger logger, string gateway, int missed, string error);

    [LoggerMessage(EventId = 532, Level = LogLevel.Error, Message = "No gateway answered; the client keeps trying: {Failures}")]
    private static partial void LogNoGatewayAnswered(ILogger logger, string failures);

    [LoggerMessage(EventId = 533, Level = LogLevel.Warning, Message = "Probing the gateway failed")]
    private static partial void LogProbeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 534, Level = LogLevel.Information, Message = "Gateways known now: {Gateways}")]
    private static partial void LogGatewayList(ILogger logger, string gateways);

    [LoggerMessage(EventId = 535, Level = LogLevel.Debug, Message = "Could not learn the gateway list: {Error}")]
    private static partial void LogGatewayListFailed(ILogger logger, string error);
}
