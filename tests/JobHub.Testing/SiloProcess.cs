using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;


namespace JobHub.Testing;

/// <summary>The silo as a user runs it: a real process on a free loopback port, with its data folder.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    /// <summary>The setting that gives a silo its admin token.</summary>
    public const string AdminTokenSetting = "--JobHub:Identity:BootstrapAdminToken";

    private SiloProcess(ExternalProcess process, int port, string adminToken)
    {
        Process = process;
        Port = port;
        AdminToken = adminToken;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        AnonymousHttp = new HttpClient { BaseAddress = Http.BaseAddress };
    }

    public ExternalProcess Process { get; }

    public int Port { get; }

    /// <summary>The built-in admin's token (<see cref="AdminTokenSetting"/>): given in the arguments, or made here.</summary>
    public string AdminToken { get; }

    /// <summary>Calls the silo as the built-in <c>admin</c>.</summary>
    public HttpClient Http { get; }

    /// <summary>Calls the silo without a token (as <c>anon</c>).</summary>
    public HttpClient AnonymousHttp { get; }

    /// <summary>
    /// Starts the silo on free loopback ports (REST API, Orleans silo and gateway ports) with a new admin token;
    /// <paramref name="extraArguments"/> (command-line setting pairs) come last, so they may override those (silos of
    /// one cluster must share one admin token: a different one at a later start revokes the earlier).
    /// </summary>
    public static Task<SiloProcess> StartAsync(string dataDirectory, params string[] extraArguments)
    {
        var given = Array.LastIndexOf(extraArguments, AdminTokenSetting);
        var adminToken = given >= 0 && given + 1 < extraArguments.Length ? extraArguments[given + 1] : TestTokens.NewApiToken();
        return StartCoreAsync(dataDirectory, adminToken, [AdminTokenSetting, adminToken, .. extraArguments]);
    }

    /// <summary>
    /// Starts the silo as the README runs it, with no configured admin token, so its first start writes the admin's token
    /// to <c>{dataDirectory}/admin-token</c>; <see cref="AdminToken"/> is read from that file.
    /// </summary>
    public static Task<SiloProcess> StartWithAdminTokenFileAsync(string dataDirectory, params string[] extraArguments) =>
        StartCoreAsync(dataDirectory, adminToken: null, extraArguments);

    private static async Task<SiloProcess> StartCoreAsync(string dataDirectory, string? adminToken, string[] extraArguments)
    {
        // A port another process took between the check and the bind is not the silo's fault: start again on new ports.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnFreePortsAsync(dataDirectory, adminToken, extraArguments);
            }
            catch (InvalidOperationException ex) when (attempt < 3 && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
            }
        }
    }

    private static async Task<SiloProcess> StartOnFreePortsAsync(string dataDirectory, string? adminToken, string[] extraArguments)
    {
        var port = FreePort.Next();
        var arguments = new[]
        {
            RepositoryPaths.BuiltAssembly("silo", "JobHub.Silo"), "--urls", $"http://127.0.0.1:{port}", "--JobHub:Silo:DataDirectory", dataDirectory,
            "--JobHub:Cluster:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--JobHub:Cluster:GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
        }.Concat(extraArguments);
        var process = ExternalProcess.Start("dotnet", arguments, Path.Combine(RepositoryPaths.Root, "silo"));
        try
        {
            using var anonymous = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually.WaitUntilAsync(
                async () =>
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"The silo exited with code {process.ExitCode} while starting:{Environment.NewLine}{process.Output}");
                    }

                    try
                    {
                        return (await anonymous.GetAsync("/health")).IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                $"the silo answers /health on port {port}",
                TimeSpan.FromSeconds(60));
            if (adminToken is null)
            {
                var file = Path.Combine(dataDirectory, "admin-token");
                await Eventually.WaitUntilAsync(() => File.Exists(file), $"the silo wrote {file}");
                adminToken = (await File.ReadAllTextAsync(file)).Trim();
            }
        }
        catch
        {
            // A silo that never answered is not left running behind a failed test.
            await process.DisposeAsync();
            throw;
        }

        return new SiloProcess(process, port, adminToken);
    }

    /// <summary>A request with <paramref name="token"/> as its bearer token (none when null) and <paramref name="body"/> as JSON.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    /// <summary>Sends <see cref="Request"/> with exactly the token given (none when null), never the admin's by default.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = Request(method, path, token, body);
        return await AnonymousHttp.SendAsync(request);
    }

    public async Task<JsonElement> GetClusterAsync() => await Http.GetFromJsonAsync<JsonElement>("/api/v1/cluster");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        AnonymousHttp.Dispose();
        await Process.DisposeAsync();
    }
}
