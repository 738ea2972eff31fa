using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>
/// A real silo process for the datasets tests: a bootstrap admin token, a default dataset quota of 256 MiB, at most
/// 128 MiB per dataset, and a 1 MiB quota for the user <see cref="TightUser"/>. Helpers invite users and act as them.
/// </summary>
public sealed class DatasetsSiloFixture : IAsyncLifetime
{
    /// <summary>The user whose quota is 1 MiB.</summary>
    public const string TightUser = "quentin";

    public const long TightQuota = 1 << 20;

    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _inviting = new(1, 1);

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("jobhub-datasets-").FullName;

    public string AdminToken { get; } = TestTokens.NewApiToken();

    public SiloProcess Silo { get; private set; } = null!;

    /// <summary>Where uploads arrive before they are complete.</summary>
    public string IncomingDirectory => Path.Combine(DataDirectory, "blobs", "datasets", "incoming");

    /// <summary>Where stored content lives.</summary>
    public string ContentDirectory => Path.Combine(DataDirectory, "blobs", "datasets", "content");

    /// <summary>The token of user <paramref name="name"/>, invited by the admin on first use.</summary>
    public async Task<string> TokenOfAsync(string name)
    {
        await _inviting.WaitAsync();
        try
        {
            if (_tokens.TryGetValue(name, out var known))
            {
                return known;
            }

            var invitation = await ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/users", AdminToken, new { email = $"{name}@example.com", userName = name });
            var code = invitation.GetProperty("code").GetString()!;
            var accepted = await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/invitations/accept", token: null, new { code });
            var token = accepted.GetProperty("token").GetProperty("token").GetString()!;
            _tokens[name] = token;
            return token;
        }
        finally
        {
            _inviting.Release();
        }
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body = null) => SiloProcess.Request(method, path, token, body);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null) => Silo.SendAsync(method, path, token, body);

    /// <summary>Sends and expects <paramref name="status"/>; answers the body as JSON (default for an empty body).</summary>
    public async Task<JsonElement> ExpectAsync(HttpStatusCode status, HttpMethod method, string path, string? token, object? body = null)
    {
        using var response = await SendAsync(method, path, token, body);
        return await ReadExpectedAsync(response, status, $"{method} {path}");
    }

    /// <summary>Uploads <paramref name="content"/> as dataset <paramref name="name"/> and expects <paramref name="status"/>.</summary>
    public async Task<JsonElement> UploadAsync(string token, string name, HttpContent content, HttpStatusCode status, string? query = null)
    {
        using var request = Request(HttpMethod.Put, $"/api/v1/datasets/{name}{query}", token);
        request.Content = content;
        content.Headers.ContentType ??= new MediaTypeHeaderValue("application/octet-stream");
        using var response = await Silo.AnonymousHttp.SendAsync(request);
        return await ReadExpectedAsync(response, status, $"PUT dataset {name}");
    }

    /// <summary>The SHA-256 (hex) of a dataset's content as downloaded with <paramref name="token"/>; the status must be 200.</summary>
    public async Task<(string Sha256, long Length, HttpResponseMessage Response)> DownloadAsync(string token, string owner, string name)
    {
        using var request = Request(HttpMethod.Get, $"/api/v1/datasets/{owner}/{name}/content", token);
        var response = await Silo.AnonymousHttp.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"download {owner}/{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), total, response);
    }

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync(
            DataDirectory,
            "--JobHub:Identity:BootstrapAdminToken", AdminToken,
            "--JobHub:Datasets:DefaultQuotaBytes", (256L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--JobHub:Datasets:MaxDatasetBytes", (128L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"--JobHub:Datasets:UserQuotaBytes:{TightUser}", TightQuota.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        _inviting.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }

    private static async Task<JsonElement> ReadExpectedAsync(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{what}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
