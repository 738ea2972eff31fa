using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>
/// Master keys from configuration on real silo processes over one data folder: adding a new active key keeps values
/// written under the old one readable and encrypts new writes with the new one; a value whose key is no longer configured
/// is 503 naming the key id; bad key settings stop the silo naming the setting, never showing a key.
/// </summary>
public sealed class SecretsKeyRotationTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("jobhub-secrets-keys-").FullName;
    private readonly string _admin = IdentitySiloFixture.NewToken();
    private readonly string _key1 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _key2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task NewActiveKey_KeepsOldValuesReadable_AndNewWritesUseIt()
    {
        await using (var first = await StartAsync("--JobHub:Secrets:Keys:k1", _key1))
        {
            Assert.Equal("k1", (await SendAsync(first, HttpMethod.Put, "user:admin/old", HttpStatusCode.OK, new { value = "old-value" })).GetProperty("keyId").GetString());
        }

        await using (var second = await StartAsync("--JobHub:Secrets:Keys:k1", _key1, "--JobHub:Secrets:Keys:k2", _key2, "--JobHub:Secrets:ActiveKeyId", "k2"))
        {
            Assert.Equal("old-value", (await SendAsync(second, HttpMethod.Get, "user:admin/old", HttpStatusCode.OK)).GetProperty("value").GetString());
            Assert.Equal("k2", (await SendAsync(second, HttpMethod.Put, "user:admin/new", HttpStatusCode.OK, new { value = "new-value" })).GetProperty("keyId").GetString());
            var list = await SendAsync(second, HttpMethod.Get, "user:admin", HttpStatusCode.OK);
            Assert.Equal(["k2", "k1"], list.EnumerateArray().OrderBy(s => s.GetProperty("name").GetString(), StringComparer.Ordinal).Select(s => s.GetProperty("keyId").GetString()));
            Assert.DoesNotContain(_key1, second.Process.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(_key2, second.Process.Output, StringComparison.Ordinal);
        }

        // Once k1 is dropped, only what k2 encrypts is readable; the old value is refused naming its key, never shown.
        await using var third = await StartAsync("--JobHub:Secrets:Keys:k2", _key2);
        Assert.Equal("new-value", (await SendAsync(third, HttpMethod.Get, "user:admin/new", HttpStatusCode.OK)).GetProperty("value").GetString());
        var unreadable = await SendAsync(third, HttpMethod.Get, "user:admin/old", HttpStatusCode.ServiceUnavailable);
        Assert.Contains("'k1'", unreadable.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("old-value", unreadable.GetRawText(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data, "secrets-key")), "with keys configured no key file is generated");
    }

    [Theory]
    [InlineData("--JobHub:Secrets:Keys:bad", "c2hvcnQ=", null, null, "JobHub:Secrets:Keys:bad")]
    [InlineData("--JobHub:Secrets:Keys:a", "KEY1", "--JobHub:Secrets:Keys:b", "KEY2", "JobHub:Secrets:ActiveKeyId is required")]
    [InlineData("--JobHub:Secrets:Keys:a", "KEY1", "--JobHub:Secrets:ActiveKeyId", "zz", "JobHub:Secrets:ActiveKeyId names no configured key")]
    public async Task BadKeySettings_StopTheSilo_NamingTheSetting_NeverTheKey(string setting1, string value1, string? setting2, string? value2, string expected)
    {
        string[] arguments = [setting1, Real(value1), .. setting2 is null ? Array.Empty<string>() : [setting2, Real(value2!)]];
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(arguments));
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.Contains("exited with code 2", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2hvcnQ=", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_key1, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_key2, failure.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private string Real(string value) => value switch { "KEY1" => _key1, "KEY2" => _key2, _ => value };

    private Task<SiloProcess> StartAsync(params string[] settings) =>
        SiloProcess.StartAsync(_data, ["--JobHub:Identity:BootstrapAdminToken", _admin, .. settings]);

    private async Task<JsonElement> SendAsync(SiloProcess silo, HttpMethod method, string path, HttpStatusCode expected, object? body = null)
    {
        using var request = new HttpRequestMessage(method, "/api/v1/secrets/" + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _admin);
        request.Content = body is null ? null : JsonContent.Create(body);
        using var response = await silo.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
