using JobHub.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace JobHub.Client.Tests.Infrastructure;

/// <summary>
/// A stand-in for a silo on a free loopback port that answers what a test maps: a server that is buggy, old or hostile
/// (names with escape codes, garbage answers), which the real silo never produces.
/// </summary>
public sealed class FakeJobHubServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeJobHubServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<FakeJobHubServer> StartAsync(Action<IEndpointRouteBuilder> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url.AbsoluteUri);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new FakeJobHubServer(app, url);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
