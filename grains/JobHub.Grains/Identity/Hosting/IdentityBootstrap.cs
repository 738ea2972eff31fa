using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Identity.Hosting;

/// <summary>
/// Runs when the silo becomes active (<see cref="ServiceLifecycleStage.Active"/>): creates the built-in <c>admin</c> and
/// <c>anon</c> users if missing, then registers <see cref="JobHubIdentityOptions.BootstrapAdminToken"/> when set, or else,
/// the first time ever, writes a new admin token to the admin token file (mode 0600). A failure stops the silo's start
/// with the reason. Every step is idempotent, so each silo of a cluster runs it at each start.
/// </summary>
public sealed partial class IdentityBootstrap : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly IGrainFactory _grains;
    private readonly IOptions<JobHubIdentityOptions> _options;
    private readonly ILogger<IdentityBootstrap> _logger;

    /// <summary>Creates the bootstrap (registered by <c>AddJobHubIdentity</c>).</summary>
    public IdentityBootstrap(IGrainFactory grains, IOptions<JobHubIdentityOptions> options, ILogger<IdentityBootstrap> logger)
    {
        _grains = grains;
        _options = options;
        _logger = logger;
    }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        observer.Subscribe(nameof(IdentityBootstrap), ServiceLifecycleStage.Active, RunAsync);
    }

    /// <summary>The bootstrap itself (also for a host that starts it by hand).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var admin = _grains.User(BuiltInUsers.Admin);
        await admin.EnsureBuiltIn();
        await _grains.User(BuiltInUsers.Anon).EnsureBuiltIn();

        // A fresh installation lets its users run distributed and GPU jobs; admins may revoke that later, and it stays revoked.
        await _grains.Group(BuiltInGroups.Users).GrantInitialFeatures(JobFeatures.GrantedToUsersAtFirstStart);
        if (!string.IsNullOrEmpty(options.BootstrapAdminToken))
        {
            var info = await admin.RegisterBootstrapToken(BootstrapTokenKind.Configured, SecretId.Of(options.BootstrapAdminToken));
            if (info?.Status == ApiTokenStatus.Revoked)
            {
                LogConfiguredTokenRevoked(_logger);
            }
            else
            {
                LogConfiguredTokenRegistered(_logger);
            }
        }
        else if (options.AdminTokenFilePath is { } path)
        {
            await WriteFirstStartTokenAsync(admin, path, cancellationToken);
        }
    }

    /// <summary>
    /// Writes the token to a new temporary file (0600) first and registers it second, then moves the file into place:
    /// a registered token always has its file. When a token was issued at an earlier start (on this or another silo),
    /// the file is left as it is, or absent.
    /// </summary>
    private async Task WriteFirstStartTokenAsync(IUserGrain admin, string path, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            LogTokenFileKept(_logger, path);
            return;
        }

        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var token = IdentitySecrets.NewApiToken();
        var temporary = Path.Combine(folder, $".{JobHubIdentityOptions.AdminTokenFileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            await WriteOwnerOnlyAsync(temporary, token + "\n", cancellationToken);
            var info = await admin.RegisterBootstrapToken(BootstrapTokenKind.FirstStart, SecretId.Of(token));
            if (info is null)
            {
                LogTokenIssuedBefore(_logger, path);
                return;
            }

            File.Move(temporary, path, overwrite: false);
            LogTokenFileWritten(_logger, path);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task WriteOwnerOnlyAsync(string path, string content, CancellationToken cancellationToken)
    {
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, fileOptions);
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(content), cancellationToken);
        await stream.FlushAsync(cancellationToken);
        stream.Flush(flushToDisk: true);
    }
}
