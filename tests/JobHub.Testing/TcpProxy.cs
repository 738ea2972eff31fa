using System.Net;
using System.Net.Sockets;

namespace JobHub.Testing;

/// <summary>
/// A loopback TCP forwarder a test can cut, to partition a process from the others: after
/// <see cref="Cut"/> every forwarded connection is closed and new ones are refused. After
/// <see cref="Freeze"/> connections stay open but no byte gets through (a peer gone silent).
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _cut = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private readonly TaskCompletionSource _neverThaws = new();
    private volatile bool _frozen;

    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public bool IsCut => _cut.IsCancellationRequested;

    /// <summary>Stops forwarding in both directions without closing anything: nothing is refused, nothing answers.</summary>
    public void Freeze() => _frozen = true;

    public void Cut()
    {
        _cut.Cancel();
        _listener.Stop();
        lock (_open)
        {
            foreach (var client in _open)
            {
                client.Dispose();
            }

            _open.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!IsCut)
        {
            Cut();
        }

        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _cut.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_cut.IsCancellationRequested)
        {
            var inbound = await _listener.AcceptTcpClientAsync(_cut.Token);
            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, _cut.Token);
            }
            catch (SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            lock (_open)
            {
                _open.Add(inbound);
                _open.Add(outbound);
            }

            _ = PumpAsync(inbound.GetStream(), outbound.GetStream(), inbound, outbound);
            _ = PumpAsync(outbound.GetStream(), inbound.GetStream(), inbound, outbound);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, TcpClient a, TcpClient b)
    {
        try
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await from.ReadAsync(buffer, _cut.Token)) > 0)
            {
                if (_frozen)
                {
                    await _neverThaws.Task.WaitAsync(_cut.Token); // a frozen proxy holds its bytes until it is cut or disposed
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _cut.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        finally
        {
            a.Dispose();
            b.Dispose();
        }
    }
}
