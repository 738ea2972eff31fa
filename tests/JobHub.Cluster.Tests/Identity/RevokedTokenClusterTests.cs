using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JobHub.Cluster.Tests.Jobs;
using JobHub.Testing;

namespace JobHub.Cluster.Tests.Identity;

/// <summary>
/// Identity on a cluster of silo processes on PostgreSQL: a user invited through one silo signs in through another,
/// and a token revoked through one silo is refused by every silo on the very next call (one activation per token in
/// the cluster; no cache to wait out).
/// </summary>
public sealed class RevokedTokenClusterTests(JobClusterFixture fixture) : IClassFixture<JobClusterFixture>
{
    [Fact]
    public async Task ATokenRevokedThroughOneSilo_IsRefusedByEverySilo_AtOnce()
    {
        var silos = fixture.Cluster.Silos;
        var admin = fixture.Cluster.AdminToken;
        var invitation = await SendAsync(silos[0], HttpMethod.Post, "/api/v1/users", admin, new { email = "rita@example.com", userName = "rita" }, HttpStatusCode.Created);
        var accepted = await SendAsync(silos[1], HttpMethod.Post, "/api/v1/invitations/accept", token: null, new { code = invitation.GetProperty("code").GetString() }, HttpStatusCode.OK);
        var token = accepted.GetProperty("token").GetProperty("token").GetString()!;
        var tokenId = accepted.GetProperty("token").GetProperty("info").GetProperty("tokenId").GetString()!;

        foreach (var silo in silos)
        {
            var me = await SendAsync(silo, HttpMethod.Get, "/api/v1/me", token, body: null, HttpStatusCode.OK);
            Assert.Equal("rita", me.GetProperty("name").GetString());
        }

        await SendAsync(silos[^1], HttpMethod.Delete, $"/api/v1/tokens/{tokenId}", token, body: null, HttpStatusCode.NoContent);

        foreach (var silo in silos)
        {
            var refused = await SendAsync(silo, HttpMethod.Get, "/api/v1/me", token, body: null, HttpStatusCode.Unauthorized);
            Assert.Contains("revoked", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
            await SendAsync(silo, HttpMethod.Post, "/api/v1/jobs", token, ClusterJobSpecs.Ticker("after revocation", 1), HttpStatusCode.Unauthorized);
        }
    }

    private static async Task<JsonElement> SendAsync(SiloProcess silo, HttpMethod method, string path, string? token, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } });
        }

        using var response = await silo.AnonymousHttp.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path} on port {silo.Port}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
