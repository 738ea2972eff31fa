namespace JobHub.Runtime.ClusterClient;

/// <summary>
/// A system target every gateway answers itself (never forwarded): the gateways of the cluster as this
/// silo's view has them, so a client learns of silos added after it was configured.
/// </summary>
internal interface IGatewayList : IGrainWithStringKey
{
    /// <summary>The one id this target is called by.</summary>
    static readonly GrainId Id = new("sys.gateways", "active");

    /// <summary>The active silos' gateway addresses, <c>host:port</c>.</summary>
    Task<string[]> GetGateways();
}
