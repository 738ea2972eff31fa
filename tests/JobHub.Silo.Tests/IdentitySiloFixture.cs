using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>
/// A real silo process started with <c>--JobHub:Identity:BootstrapAdminToken</c> (a token made here in the format
/// <c>ApiTokenFormat</c> expects), with helpers to act as the admin or as invited users over HTTP. Every secret the tests
/// see is remembered, so a test can check that none of them reached the silo's log output.
/// </summary>
public sealed class IdentitySiloFixture : IAsyncLifetime
{
    private readonly List<string> _secrets = [];
    private readonly HashSet<string> _users = [];

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("jobhub-identity-").FullName;

    public string AdminToken { get; } = NewToken();

    public SiloProcess Silo { get; private set; } = null!;

    /// <summary>Every API token and invitation code the tests were given (the admin token included).</summary>
    public IReadOnlyList<string> Secrets
    {
        get
        {
            lock (_secrets)
            {
                return [.. _secrets];
            }
        }
    }

    /// <summary>A token JobHub would accept the shape of: <c>jhp_</c> + 43 base64url characters.</summary>
    public static string NewToken() => TestTokens.NewApiToken();

    public void Remember(string secret)
    {
        lock (_secrets)
        {
            _secrets.Add(secret);
        }
    }

    /// <summary>A request to the silo with <paramref name="token"/> as its bearer token (none when null).</summary>
    public HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body = null) => SiloProcess.Request(method, path, token, body);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null) => Silo.SendAsync(method, path, token, body);

    /// <summary>Sends and expects <paramref name="status"/>; answers the body as JSON (null for an empty body).</summary>
    public async Task<JsonElement> ExpectAsync(System.Net.HttpStatusCode status, HttpMethod method, string path, string? token, object? body = null)
    {
        using var response = await SendAsync(method, path, token, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{method} {path}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Invites <paramref name="name"/> as <paramref name="inviter"/> (into <paramref name="groups"/>, "realm/name"), redeems the code, and answers the user's first token.</summary>
    public async Task<string> InviteAndAcceptAsync(string inviter, string name, params string[] groups)
    {
        var invitation = await ExpectAsync(System.Net.HttpStatusCode.Created, HttpMethod.Post, "/api/v1/users", inviter, new
        {
            email = $"{name}@example.com",
            userName = name,
            groups = groups.Select(g => new { realm = g.Split('/')[0], name = g.Split('/')[1] }).ToArray(),
        });
        var code = invitation.GetProperty("code").GetString()!;
        Remember(code);
        var accepted = await ExpectAsync(System.Net.HttpStatusCode.OK, HttpMethod.Post, "/api/v1/invitations/accept", token: null, new { code });
        var token = accepted.GetProperty("token").GetProperty("token").GetString()!;
        Remember(token);
        Assert.Equal(name, accepted.GetProperty("user").GetProperty("name").GetString());
        return token;
    }

    /// <summary>A token of regular user <paramref name="name"/>: invited by the admin and accepted at the first call, a new token of theirs (issued by the admin) after that.</summary>
    public async Task<string> TokenOfAsync(string name)
    {
        bool known;
        lock (_users)
        {
            known = !_users.Add(name);
        }

        if (!known)
        {
            return await InviteAndAcceptAsync(AdminToken, name);
        }

        var issued = await ExpectAsync(System.Net.HttpStatusCode.Created, HttpMethod.Post, $"/api/v1/tokens?user={name}", AdminToken, new { name = "test" });
        var token = issued.GetProperty("token").GetString()!;
        Remember(token);
        return token;
    }

    /// <summary>Waits until job <paramref name="jobId"/> is in <paramref name="state"/> (the API's word), read with <paramref name="token"/>.</summary>
    public Task WaitForStateAsync(string jobId, string token, string state) =>
        Eventually.WaitUntilAsync(
            async () => (await ExpectAsync(System.Net.HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{jobId}", token)).GetProperty("state").GetString() == state,
            $"job {jobId} is {state}");

    public async Task InitializeAsync()
    {
        Remember(AdminToken);
        await StartAsync();
    }

    /// <summary>Starts the silo with the bootstrap admin token and <paramref name="extraArguments"/> (setting pairs).</summary>
    public async Task StartAsync(params string[] extraArguments) =>
        Silo = await SiloProcess.StartAsync(DataDirectory, ["--JobHub:Identity:BootstrapAdminToken", AdminToken, .. extraArguments]);

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
