using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>
/// Secrets on a real silo process (SQLite, no key configured, so the first start generates {data}/secrets-key): who may
/// use which namespace (403 with the rule, nothing changed), bad inputs (400 naming the field, nothing stored), values
/// encrypted in every database file and absent from the silo's output, and a real job reading secrets with its job token.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SecretsApiTests(IdentitySiloFixture fixture) : IClassFixture<IdentitySiloFixture>
{
    [Fact]
    public async Task Namespaces_OpenOnlyToTheirOwnerOrMembers_AndRefusalsChangeNothing()
    {
        var alice = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "alice");
        var bob = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "bob");
        var carol = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "carol", "site/physics");
        await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/projects", alice, new { name = "ml", groups = new[] { new { realm = "site", name = "physics" } } });

        // user:alice — alice only; not bob, not the admin, not anonymous callers.
        await PutAsync(HttpStatusCode.OK, "user:alice", "token", "alice-1", alice);
        foreach (var other in new[] { bob, fixture.AdminToken, null })
        {
            var refused = await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/secrets/user:alice/token", other);
            Assert.DoesNotContain("alice-1", refused.GetRawText(), StringComparison.Ordinal);
            await PutAsync(HttpStatusCode.Forbidden, "user:alice", "token", "overwritten", other);
            await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Delete, "/api/v1/secrets/user:alice/token", other);
            await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/secrets/user:alice", other);
        }

        var admin = await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/secrets/user:alice/token", fixture.AdminToken);
        Assert.Contains("admins neither", admin.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("alice-1", await ValueAsync("user:alice", "token", alice));

        // project:ml — the owner and the members of site/physics; bob and the admin are not members.
        await PutAsync(HttpStatusCode.OK, "project:ml", "db", "ml-db-1", alice);
        Assert.Equal("ml-db-1", await ValueAsync("project:ml", "db", carol));
        await PutAsync(HttpStatusCode.OK, "project:ml", "db", "ml-db-2", carol);
        Assert.Equal("ml-db-2", await ValueAsync("project:ml", "db", alice));
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/secrets/project:ml/db", bob);
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/secrets/project:ml/db", fixture.AdminToken);
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/secrets/project:nosuch", bob);

        // group:site:physics — its members only; group:jobhub:admins — the admins.
        await PutAsync(HttpStatusCode.OK, "group:site:physics", "beam", "beam-1", carol);
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/secrets/group:site:physics/beam", alice);
        await PutAsync(HttpStatusCode.OK, "group:jobhub:admins", "root", "root-1", fixture.AdminToken);
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/secrets/group:jobhub:admins/root", bob);

        // Lists name secrets, never values; a deleted secret is 404 afterwards.
        var list = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/secrets/project:ml", carol);
        Assert.Equal("db", list[0].GetProperty("name").GetString());
        Assert.Equal("carol", list[0].GetProperty("updatedBy").GetString());
        Assert.DoesNotContain("ml-db", list.GetRawText(), StringComparison.Ordinal);
        await fixture.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, "/api/v1/secrets/user:alice/token", alice);
        await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/secrets/user:alice/token", alice);
        await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Delete, "/api/v1/secrets/user:alice/token", alice);

        // Deleting the project deletes its secrets: a new project of the same name starts empty.
        await fixture.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, "/api/v1/projects/ml", alice);
        await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/projects", bob, new { name = "ml" });
        Assert.Equal(0, (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/secrets/project:ml", bob)).GetArrayLength());
    }

    [Theory]
    [InlineData("team:x", "ok", "namespace")]
    [InlineData("user:Dora", "ok", "namespace")]
    [InlineData("group:jobhub:nosuch", "ok", "namespace")]
    [InlineData("user:dora", "..%2Fx", "name")]
    [InlineData("user:dora", "..x", "name")]
    [InlineData("user:dora", ".hidden", "name")]
    [InlineData("user:dora", "a b", "name")]
    public async Task BadNamespaceOrName_IsRefusedNamingTheField_AndNothingIsStored(string ns, string name, string field)
    {
        var (dora, own) = await DoraAsync();
        ns = ns == "user:dora" ? own : ns;
        var refused = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Put, $"/api/v1/secrets/{ns}/{name}", dora, new { value = "v" });
        Assert.True(refused.GetProperty("errors").TryGetProperty(field, out _), refused.GetRawText());
        Assert.Equal(0, (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/secrets/{own}", dora)).GetArrayLength());
    }

    [Fact]
    public async Task OversizedNamesAndValues_AreRefused_AndTheBoundsHold()
    {
        var (dora, own) = await DoraAsync();
        var longName = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Put, $"/api/v1/secrets/{own}/{new string('n', 129)}", dora, new { value = "v" });
        Assert.True(longName.GetProperty("errors").TryGetProperty("name", out _), longName.GetRawText());
        var big = new string('x', 64 * 1024 + 1);
        var bigValue = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Put, $"/api/v1/secrets/{own}/big", dora, new { value = big });
        Assert.True(bigValue.GetProperty("errors").TryGetProperty("value", out _), bigValue.GetRawText());
        Assert.DoesNotContain("xxxxxxxx", bigValue.GetRawText(), StringComparison.Ordinal);
        await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Put, $"/api/v1/secrets/{own}/empty", dora, new { value = "" });
        Assert.Equal(0, (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/secrets/{own}", dora)).GetArrayLength());

        // The largest name and value are accepted and read back whole.
        var maxName = new string('m', 128);
        await PutAsync(HttpStatusCode.OK, own, maxName, big[1..], dora);
        Assert.Equal(big[1..], await ValueAsync(own, maxName, dora));
        await fixture.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/api/v1/secrets/{own}/{maxName}", dora);
    }

    [Fact]
    public async Task Values_AreEncryptedInEveryDatabaseFile_AndNeverInTheSilosOutput()
    {
        var erin = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "erin");
        var value = "plain-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        await PutAsync(HttpStatusCode.OK, "user:erin", "at-rest", value, erin);
        Assert.Equal(value, await ValueAsync("user:erin", "at-rest", erin));

        var files = Directory.EnumerateFiles(fixture.DataDirectory, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith("-wal", StringComparison.Ordinal));
        var needles = new[] { Encoding.UTF8.GetBytes(value), Encoding.Unicode.GetBytes(value), Encoding.UTF8.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(value))) };
        foreach (var file in files)
        {
            var bytes = await ReadSharedAsync(file);
            Assert.False(needles.Any(n => bytes.AsSpan().IndexOf(n) >= 0), $"the plain value is in {file}");
        }

        // The secret's name is stored (it is not secret); proving the scan reads the database that holds it.
        var holding = 0;
        foreach (var file in files)
        {
            holding += (await ReadSharedAsync(file)).AsSpan().IndexOf("at-rest"u8) >= 0 ? 1 : 0;
        }

        Assert.True(holding > 0, "no database file holds the secret's name: the scan did not read the grain state");

        var key = Path.Combine(fixture.DataDirectory, "secrets-key");
        Assert.True(File.Exists(key), "the generated master key file");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        var output = fixture.Silo.Process.Output;
        Assert.DoesNotContain(value, output, StringComparison.Ordinal);
        Assert.DoesNotContain((await File.ReadAllTextAsync(key)).Trim(), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AJob_ReadsItsOwnersAndItsProjectsSecrets_WithItsJobToken()
    {
        var gwen = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "gwen");
        var hugo = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "hugo");
        await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/projects", gwen, new { name = "rocket" });
        var own = "own" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var shared = "shared" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        await PutAsync(HttpStatusCode.OK, "user:gwen", "API_KEY", own, gwen);
        await PutAsync(HttpStatusCode.OK, "project:rocket", "DB_PASSWORD", shared, gwen);

        // The job prints only a hash of each value it read with its job token (curl against JOBHUB_API_URL).
        const string Script = """
            for name in "$@"; do
              v=$(curl -sf -H "Authorization: Bearer $JOBHUB_JOB_TOKEN" "${JOBHUB_API_URL%/}/api/v1/jobs/$JOBHUB_JOB_ID/secrets/$name" | sed -n 's/.*"value":"\([^"]*\)".*/\1/p')
              if [ -n "$v" ]; then echo "$name sha256=$(printf %s "$v" | sha256sum | cut -c1-64)"; else echo "$name missing"; fi
            done
            """;
        var job = await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/jobs", gwen, new
        {
            name = "reads secrets",
            command = "/bin/sh",
            arguments = new[] { "-c", Script, "sh", "API_KEY", "DB_PASSWORD", "NOPE" },
            nodeType = "local",
            project = "rocket",
            processResources = new { vcpu = 0.1, memoryMiB = 64, gpus = 0 },
        });
        var id = job.GetProperty("jobId").GetString()!;
        await Eventually.WaitUntilAsync(
            async () => (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{id}", gwen)).GetProperty("state").GetString() is "completed" or "failed",
            $"job {id} ends",
            TimeSpan.FromSeconds(60));

        var logs = (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{id}/logs?limit=100", gwen)).GetRawText();
        Assert.Contains($"API_KEY sha256={Sha256(own)}", logs, StringComparison.Ordinal);
        Assert.Contains($"DB_PASSWORD sha256={Sha256(shared)}", logs, StringComparison.Ordinal);
        Assert.Contains("NOPE missing", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(own, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(shared, logs, StringComparison.Ordinal);

        // The owner's own token reads through the job too; another user's is refused; no token at all is 401.
        var viaOwner = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{id}/secrets/DB_PASSWORD", gwen);
        Assert.Equal("project:rocket", viaOwner.GetProperty("namespace").GetString());
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, $"/api/v1/jobs/{id}/secrets/API_KEY", hugo);
        await fixture.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, $"/api/v1/jobs/{id}/secrets/API_KEY", token: null);
        var missing = await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, $"/api/v1/jobs/{id}/secrets/NOPE", gwen);
        Assert.Contains("user:gwen or project:rocket", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(own, fixture.Silo.Process.Output, StringComparison.Ordinal);
    }

    /// <summary>A new user for one test (xUnit makes a new instance per test): their token and namespace.</summary>
    private async Task<(string Token, string Namespace)> DoraAsync()
    {
        var name = "dora-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        return (await fixture.InviteAndAcceptAsync(fixture.AdminToken, name), "user:" + name);
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }

    private async Task PutAsync(HttpStatusCode expected, string ns, string name, string value, string? token)
    {
        var answer = await fixture.ExpectAsync(expected, HttpMethod.Put, $"/api/v1/secrets/{ns}/{name}", token, new { value });
        Assert.DoesNotContain(value, answer.ValueKind == JsonValueKind.Undefined ? string.Empty : answer.GetRawText(), StringComparison.Ordinal);
    }

    private async Task<string?> ValueAsync(string ns, string name, string token) =>
        (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/secrets/{ns}/{name}", token)).GetProperty("value").GetString();
}
