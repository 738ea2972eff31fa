using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Client.Tests;

/// <summary>A real silo process with a bootstrap admin token, and a user invited through the REST API whose token the SDK and CLI tests use.</summary>
public sealed class DatasetSiloFixture : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("jobhub-client-datasets-").FullName;
    private readonly string _adminToken = "jhp_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public SiloProcess Silo { get; private set; } = null!;

    public Uri Url => new($"http://127.0.0.1:{Silo.Port}");

    /// <summary>The API token of the user <c>dora</c>.</summary>
    public string Token { get; private set; } = string.Empty;

    public JobHubClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync(_data, "--JobHub:Identity:BootstrapAdminToken", _adminToken);
        using var invite = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users") { Content = JsonContent.Create(new { email = "dora@example.com", userName = "dora" }) };
        invite.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _adminToken);
        using var invited = await Silo.Http.SendAsync(invite);
        invited.EnsureSuccessStatusCode();
        var code = (await invited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        using var accepted = await Silo.Http.PostAsJsonAsync("/api/v1/invitations/accept", new { code });
        accepted.EnsureSuccessStatusCode();
        Token = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetProperty("token").GetString()!;
        Client = new JobHubClient(new JobHubClientOptions { BaseAddress = Url, Token = Token });
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        await Silo.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
