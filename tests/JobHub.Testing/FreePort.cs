using System.Net;
using System.Net.Sockets;

namespace JobHub.Testing;

/// <summary>
/// A TCP port on 127.0.0.1 that was free a moment ago. Taken below the kernel's ephemeral range (32768–60999 by
/// default), so the source port of an outgoing connection (an HTTP or PostgreSQL client of any process on this machine)
/// cannot take it between this check and the silo's bind; each call in a process moves on from a random start.
/// </summary>
public static class FreePort
{
    private const int First = 20_000;
    private const int Count = 12_000;

    private static int _next = Random.Shared.Next(Count);

    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try the next one.
            }
        }

        throw new InvalidOperationException($"No free TCP port on 127.0.0.1 between {First} and {First + Count - 1}.");
    }
}
