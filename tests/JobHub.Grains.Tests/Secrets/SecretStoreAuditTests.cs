using System.Security.Cryptography;
using JobHub.Contracts.Identity;
using JobHub.Contracts.Secrets;
using JobHub.GrainInterfaces.Identity;
using JobHub.GrainInterfaces.Projects;
using JobHub.GrainInterfaces.Secrets;
using JobHub.Grains.Audit;
using JobHub.Grains.Identity.Hosting;
using JobHub.Grains.Secrets;
using JobHub.Grains.Secrets.Hosting;
using JobHub.Storage.Sqlite;
using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;

namespace JobHub.Grains.Tests.Secrets;

/// <summary>
/// The secret store on a real silo (SQLite grain storage, a configured master key): every write and delete, allowed or
/// refused, is in the audit log without the value; project changes are audited; a ciphertext moved to another name or
/// namespace does not decrypt.
/// </summary>
public sealed class SecretStoreAuditTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("jobhub-secrets-grains-").FullName;
    private IHost _silo = null!;

    private IGrainFactory Grains => _silo.Services.GetRequiredService<IGrainFactory>();

    private SecretStore Store => _silo.Services.GetRequiredService<SecretStore>();

    private InMemoryAuditLog Audit => _silo.Services.GetRequiredService<InMemoryAuditLog>();

    [Fact]
    public async Task WritesAndDeletes_AreAudited_WithoutTheValue()
    {
        await AddUserAsync("alice");
        await AddUserAsync("bob");
        var value = "v-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

        await Store.SetAsync("alice", "user:alice", "API_KEY", value);
        await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => Store.SetAsync("bob", "user:alice", "API_KEY", "bobs"));
        await Assert.ThrowsAsync<IdentityAccessDeniedException>(() => Store.DeleteAsync("bob", "user:alice", "API_KEY"));
        Assert.Equal(value, (await Store.GetAsync("alice", "user:alice", "API_KEY")).Value);
        await Store.DeleteAsync("alice", "user:alice", "API_KEY");
        await Grains.Project("ml").Create("alice", [GroupRef.Site("physics")]);
        await Grains.Project("ml").Delete("alice");

        var entries = Audit.Entries.Select(e => e.Record).ToList();
        Assert.Contains(new AuditRecord("alice", "secret.write", "user:alice/API_KEY", "ok", "key k1"), entries);
        Assert.Contains(entries, e => e is { Actor: "bob", Action: "secret.write", Outcome: "denied" });
        Assert.Contains(entries, e => e is { Actor: "bob", Action: "secret.delete", Outcome: "denied" });
        Assert.Contains(entries, e => e is { Actor: "alice", Action: "secret.delete", Target: "user:alice/API_KEY", Outcome: "ok" });
        Assert.Contains(entries, e => e is { Actor: "alice", Action: "project.create", Target: "project:ml" });
        Assert.Contains(entries, e => e is { Actor: "alice", Action: "project.delete", Target: "project:ml" });
        Assert.DoesNotContain(entries, e => e.ToString().Contains(value, StringComparison.Ordinal) || e.ToString().Contains("bobs", StringComparison.Ordinal));
    }

    [Fact]
    public void Ciphertext_IsBoundToItsNamespaceAndName_AndNewForEveryWrite()
    {
        var cipher = _silo.Services.GetRequiredService<SecretCipher>();
        var ns = SecretNamespace.User("alice");
        var first = cipher.Encrypt(ns, "API_KEY", "same value");
        var second = cipher.Encrypt(ns, "API_KEY", "same value");

        Assert.NotEqual(first.Nonce, second.Nonce);
        Assert.NotEqual(first.Ciphertext, second.Ciphertext);
        Assert.Equal("same value", cipher.Decrypt(ns, "API_KEY", second));
        Assert.Throws<SecretUnreadableException>(() => cipher.Decrypt(ns, "OTHER", first));
        Assert.Throws<SecretUnreadableException>(() => cipher.Decrypt(SecretNamespace.User("bob"), "API_KEY", first));
        Assert.Throws<SecretUnreadableException>(() => cipher.Decrypt(ns, "API_KEY", first with { KeyId = "gone" }));
    }

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new InMemoryAuditLog(TimeProvider.System));
        builder.Services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<InMemoryAuditLog>());
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort.Next(), FreePort.Next())
            .AddSqliteGrainStorageAsDefault(o => o.DataSource = Path.Combine(_root, "jobhub.db"))
            .AddJobHubIdentity(o => o.AdminTokenDirectory = _root)
            .AddJobHubSecrets(o => o.Keys["k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        _silo = builder.Build();
        await _silo.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _silo.StopAsync();
        _silo.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private async Task AddUserAsync(string name)
    {
        var invitation = await Grains.Invitations().Invite(BuiltInUsers.Admin, new InvitationRequest { Email = $"{name}@example.com", UserName = name });
        await Grains.Invitations().Redeem(invitation.Code);
    }
}
