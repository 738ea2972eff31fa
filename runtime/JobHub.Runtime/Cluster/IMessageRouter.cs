using JobHub.Runtime.Messaging;

namespace JobHub.Runtime.Cluster;

/// <summary>Sends a request to the silo that owns its target grain: this one, or another over the network.</summary>
internal interface IMessageRouter
{
    void Route(Message message);
}
