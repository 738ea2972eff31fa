using System.Globalization;

namespace JobHub.Runtime;

/// <summary>
/// One silo incarnation: host, silo-to-silo port and generation (a start-time epoch). A restarted
/// silo on the same endpoint is a new identity, so an old incarnation can be declared dead safely.
/// </summary>
public readonly record struct SiloAddress(string Host, int Port, long Generation)
{
    public static SiloAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.LastIndexOf('@');
        var colon = text.LastIndexOf(':', at < 0 ? text.Length - 1 : at);
        if (at < 0 || colon <= 0)
        {
            throw new FormatException($"'{text}' is not a silo address: expected 'host:port@generation'.");
        }

        return new SiloAddress(
            text[..colon],
            int.Parse(text[(colon + 1)..at], CultureInfo.InvariantCulture),
            long.Parse(text[(at + 1)..], CultureInfo.InvariantCulture));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}@{Generation}");
}
