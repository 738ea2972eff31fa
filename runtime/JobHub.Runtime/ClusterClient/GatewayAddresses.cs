using System.Globalization;

namespace JobHub.Runtime.ClusterClient;

/// <summary>
/// Gateway addresses as configured (<c>host:port</c>). A client knows a gateway by its endpoint, not by
/// incarnation, so the address carries generation 0: the silo accepts a client's connection whatever its
/// generation, and a gateway restarted on the same port is simply reconnected to.
/// </summary>
internal static class GatewayAddresses
{
    public static bool TryParse(string? text, out SiloAddress gateway)
    {
        gateway = default;
        var colon = text?.LastIndexOf(':') ?? -1;
        if (text is null || colon <= 0 || text[..colon].Trim().Length == 0
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        gateway = new SiloAddress(text[..colon].Trim().Trim('[', ']'), port, 0);
        return true;
    }

    public static string Format(SiloAddress gateway) => string.Create(CultureInfo.InvariantCulture, $"{gateway.Host}:{gateway.Port}");
}
