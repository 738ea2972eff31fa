using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Identity;
using JobHub.Grains.Identity;
using JobHub.Grains.Identity.Hosting;
using JobHub.Storage.Sqlite;
using JobHub.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Hosting;
using Orleans.Storage;

namespace JobHub.Grains.Tests.Identity;

/// <summary>
/// A real Orleans silo with the identity grains, grain state in a real SQLite file, its own temporary folders, and a
/// fake identity clock (<see cref="Clock"/>) that tests move by hand. A restart starts a new silo on the same files and clock.
/// </summary>
public sealed class IdentityHost : IAsyncDisposable
{
    public const string Admin = BuiltInUsers.Admin;

    public static readonly DateTimeOffset StartTime = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly Action<JobHubIdentityOptions>? _configure;
    private IHost? _silo;

    private IdentityHost(Action<JobHubIdentityOptions>? configure)
    {
        _configure = configure;
        Root = Path.Combine(Path.GetTempPath(), "jobhub-identity-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>The silo's data folder, where the admin token file goes.</summary>
    public string DataFolder => Path.Combine(Root, "data");

    public string AdminTokenFile => Path.Combine(DataFolder, JobHubIdentityOptions.AdminTokenFileName);

    public string DatabasePath => Path.Combine(Root, "jobhub.db");

    public FakeTimeProvider Clock { get; } = new(StartTime);

    public IdentityLogs Logs { get; } = new();

    public IServiceProvider Services => (_silo ?? throw new InvalidOperationException("The silo is not running.")).Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public static async Task<IdentityHost> StartAsync(Action<JobHubIdentityOptions>? configure = null)
    {
        var host = new IdentityHost(configure);
        try
        {
            host._silo = await host.StartSiloAsync();
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>Stops the silo and starts a new one on the same storage, folders and clock.</summary>
    public async Task RestartAsync()
    {
        await StopSiloAsync();
        _silo = await StartSiloAsync();
    }

    public IUserGrain User(string name) => Grains.User(name);

    public IGroupGrain Group(GroupRef group) => Grains.Group(group);

    public IApiTokenGrain TokenOf(string token) => Grains.ApiTokenFor(token);

    /// <summary>Invites <paramref name="name"/> (by admin, in <paramref name="groups"/>) and redeems the code: a regular user and their first token.</summary>
    public async Task<RedeemedInvitation> AddRegularUserAsync(string name, params GroupRef[] groups)
    {
        var invitation = await Grains.Invitations().Invite(Admin, new InvitationRequest { Email = $"{name}@example.com", UserName = name, Groups = [.. groups] });
        return await Grains.Invitations().Redeem(invitation.Code);
    }

    /// <summary>The grain storage file and its write-ahead log, as bytes (what an attacker holding the disk would read).</summary>
    public byte[] StorageBytes()
    {
        var bytes = new List<byte>();
        foreach (var path in new[] { DatabasePath, DatabasePath + "-wal" })
        {
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                bytes.AddRange(copy.ToArray());
            }
        }

        return [.. bytes];
    }

    /// <summary>A token's state as storage holds it now (not as the activation holds it).</summary>
    internal async Task<ApiTokenGrainState?> StoredTokenStateAsync(string tokenId)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM grain_state WHERE state_name = 'apitoken' AND grain_id LIKE '%' || $id";
        command.Parameters.AddWithValue("$id", tokenId);
        if (await command.ExecuteScalarAsync() is not byte[] payload)
        {
            return null;
        }

        return Services.GetRequiredService<IGrainStorageSerializer>().Deserialize<ApiTokenGrainState>(new BinaryData(payload));
    }

    public async ValueTask DisposeAsync()
    {
        await StopSiloAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<IHost> StartSiloAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddProvider(Logs);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort.Next(), FreePort.Next())
            .AddSqliteGrainStorageAsDefault(o => o.DataSource = DatabasePath)
            .AddJobHubIdentity(o =>
            {
                o.AdminTokenDirectory = DataFolder;
                _configure?.Invoke(o);
            }));
        builder.Services.AddKeyedSingleton<TimeProvider>(IdentityClock.ServiceKey, Clock);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }

    private async Task StopSiloAsync()
    {
        if (_silo is { } silo)
        {
            _silo = null;
            await silo.StopAsync();
            silo.Dispose();
        }
    }
}
