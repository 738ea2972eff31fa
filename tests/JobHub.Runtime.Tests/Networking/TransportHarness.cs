using JobHub.Runtime.Networking;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Tests.Networking;

/// <summary>Real listeners and connection managers on 127.0.0.1, each with its own meter totals; disposes them all.</summary>
internal sealed class TransportHarness : IAsyncDisposable
{
    public static readonly InboundHandler Echo = static (message, _) => ValueTask.FromResult(message.Payload);

    private readonly List<IAsyncDisposable> _owned = [];

    public DeadSilos Dead { get; } = new();

    public static NetworkingOptions Options(Action<NetworkingOptions>? configure = null)
    {
        var options = new NetworkingOptions
        {
            ReconnectInitialBackoff = TimeSpan.FromMilliseconds(20),
            ReconnectMaxBackoff = TimeSpan.FromMilliseconds(200),
            DeadlineCheckPeriod = TimeSpan.FromMilliseconds(100),
        };
        configure?.Invoke(options);
        return options;
    }

    public ConnectionListener StartListener(InboundHandler handler, long generation = 1, int port = 0, NetworkingOptions? options = null, NetworkingInstruments? instruments = null)
    {
        var listener = new ConnectionListener(
            new SiloAddress("127.0.0.1", port, generation),
            handler,
            Microsoft.Extensions.Options.Options.Create(options ?? Options()),
            Dead,
            TimeProvider.System,
            instruments ?? new NetworkingInstruments(),
            NullLoggerFactory.Instance);
        _owned.Add(listener);
        listener.Start();
        return listener;
    }

    public ConnectionManager CreateManager(NetworkingOptions? options = null, TimeProvider? time = null, NetworkingInstruments? instruments = null, DeadSilos? dead = null)
    {
        var manager = new ConnectionManager(
            PeerIdentity.ForSilo(new SiloAddress("127.0.0.1", 1, 1)),
            handler: null,
            Microsoft.Extensions.Options.Options.Create(options ?? Options()),
            dead ?? new DeadSilos(),
            time ?? TimeProvider.System,
            instruments ?? new NetworkingInstruments(),
            NullLoggerFactory.Instance);
        _owned.Insert(0, manager);
        return manager;
    }

    public static DateTimeOffset In(TimeSpan timeout, TimeProvider? time = null) => (time ?? TimeProvider.System).GetUtcNow() + timeout;

    public static DateTimeOffset Soon() => In(TimeSpan.FromSeconds(20));

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }
}
