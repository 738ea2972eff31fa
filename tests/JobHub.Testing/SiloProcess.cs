using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;


namespace JobHub.Testing;

/// <summary>The silo as a user runs it: a real process on a free loopback port, with its data folder.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private SiloProcess(ExternalProcess process, int port)
    {
        Process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public ExternalProcess Process { get; }

    public int Port { get; }

    public HttpClient Http { get; }

    /// <summary>
    /// Starts the silo on free loopback ports (REST API, Orleans silo and gateway ports); <paramref name="extraArguments"/>
    /// (command-line setting pairs) come last, so they may override those.
    /// </summary>
    public static async Task<SiloProcess> StartAsync(string dataDirectory, params string[] extraArguments)
    {
        var port = FreePort.Next();
        var arguments = new[]
        {
            RepositoryPaths.BuiltAssembly("silo", "JobHub.Silo"), "--urls", $"http://127.0.0.1:{port}", "--JobHub:Silo:DataDirectory", dataDirectory,
            "--JobHub:Cluster:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--JobHub:Cluster:GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
        }.Concat(extraArguments);
        var process = ExternalProcess.Start("dotnet", arguments, Path.Combine(RepositoryPaths.Root, "silo"));
        var silo = new SiloProcess(process, port);
        await Eventually.WaitUntilAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The silo exited with code {process.ExitCode} while starting:{Environment.NewLine}{process.Output}");
                }

                try
                {
                    return (await silo.Http.GetAsync("/health")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            $"the silo answers /health on port {port}",
            TimeSpan.FromSeconds(60));
        return silo;
    }

    public async Task<JsonElement> GetClusterAsync() => await Http.GetFromJsonAsync<JsonElement>("/api/v1/cluster");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
    }
}
