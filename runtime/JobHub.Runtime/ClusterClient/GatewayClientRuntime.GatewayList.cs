using Microsoft.Extensions.Logging;

namespace JobHub.Runtime.ClusterClient;

/// <summary>Learning the cluster's gateways from the gateway in use, so silos added later are used too.</summary>
internal sealed partial class GatewayClientRuntime
{
    /// <summary>
    /// Asks the gateway for the cluster's active gateways: the configured ones stay (in their order), silos
    /// added since are appended, learned ones that left are dropped. Failing to learn is not an error.
    /// </summary>
    private async Task RefreshGatewayListAsync()
    {
        string[] active;
        try
        {
            active = await _grains.GetGrain<IGatewayList>(IGatewayList.Id).GetGateways().ConfigureAwait(false);
        }
        catch (JobHubException ex)
        {
            LogGatewayListFailed(_logger, ex.Message);
            return;
        }

        await _switchGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var learned = active.Select(g => GatewayAddresses.TryParse(g, out var address) ? address : (SiloAddress?)null).OfType<SiloAddress>();
            // The gateway in use stays in the list even if that view does not show it (it answered just now).
            var current = _view.Current!.Value;
            SiloAddress[] merged = [.. _configured.Concat(learned).Append(current).Distinct()];
            if (!merged.SequenceEqual(_view.All))
            {
                _view = new GatewayView(merged, current);
                LogGatewayList(_logger, string.Join(", ", merged.Select(GatewayAddresses.Format)));
            }
        }
        finally
        {
            _switchGate.Release();
        }
    }
}
