using JobHub.Contracts.Identity;
using JobHub.Testing;

namespace JobHub.Client.Tests.Infrastructure;

/// <summary>
/// A real silo process started as the README starts it (no configured admin token), so its first start writes the admin's
/// token to <c>{data}/admin-token</c>; the tests read it from there, act as the admin through the SDK, and invite users.
/// </summary>
public sealed class IdentityClientFixture : IAsyncLifetime
{
    private SiloProcess? _silo;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("jobhub-client-identity-").FullName;

    public string AdminTokenFile => Path.Combine(DataDirectory, "admin-token");

    public string AdminToken { get; private set; } = string.Empty;

    public Uri Url => new($"http://127.0.0.1:{(_silo ?? throw new InvalidOperationException("The silo has not started.")).Port}");

    /// <summary>A client for the silo sending <paramref name="token"/> (none when null).</summary>
    public JobHubClient ClientFor(string? token) => new(new JobHubClientOptions { BaseAddress = Url, Token = token });

    /// <summary>Invites <paramref name="name"/> as the admin (into <paramref name="groups"/>), accepts the code, and answers their first token.</summary>
    public async Task<string> InviteAndAcceptAsync(string name, params string[] groups)
    {
        using var admin = ClientFor(AdminToken);
        var invitation = await admin.InviteUserAsync(new InvitationRequest
        {
            Email = $"{name}@example.com",
            UserName = name,
            Groups = [.. groups.Select(g => IdentityNames.ParseGroupKey(g, out _)!)],
        });
        using var anonymous = ClientFor(null);
        return (await anonymous.AcceptInvitationAsync(invitation.Code)).Token.Token;
    }

    public async Task InitializeAsync()
    {
        _silo = await SiloProcess.StartWithAdminTokenFileAsync(DataDirectory);
        AdminToken = _silo.AdminToken;
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder.
        }
    }
}
