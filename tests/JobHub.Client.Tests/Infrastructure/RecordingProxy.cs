using System.Net;
using System.Net.Sockets;
using System.Text;

namespace JobHub.Client.Tests.Infrastructure;

/// <summary>
/// An HTTP proxy on a loopback port that answers every request itself (as an anonymous <c>/api/v1/me</c>) and keeps the
/// request heads it saw, so a test can send <c>jobhub</c> to a host that is not loopback (through <c>HTTP_PROXY</c>) and
/// see exactly which headers would have left the machine.
/// </summary>
public sealed class RecordingProxy : IAsyncDisposable
{
    private const string Answer = """{"name":"anon","status":"regular","groups":[{"realm":"jobhub","name":"anon"}],"features":[],"isAdmin":false}""";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _requests = [];
    private readonly Task _loop;

    public RecordingProxy()
    {
        _listener.Start();
        _loop = ServeAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>The request line and headers of every request, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            await using var stream = client.GetStream();
            var head = await ReadHeadAsync(stream);
            lock (_requests)
            {
                _requests.Add(head);
            }

            var body = Encoding.UTF8.GetBytes(Answer);
            var response = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(response, _stop.Token);
            await stream.WriteAsync(body, _stop.Token);
        }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 64 * 1024)
        {
            if (await stream.ReadAsync(buffer, _stop.Token) == 0)
            {
                break;
            }

            head.Append((char)buffer[0]);
        }

        return head.ToString();
    }
}
