namespace JobHub.Client.Tests.Infrastructure;

/// <summary>
/// A real silo (<see cref="IdentityClientFixture"/>) whose ledger holds entries of <c>lena</c> (in group
/// <c>site/ledger-team</c>) and <c>lars</c> in November 2026, written once for all the usage tests.
/// </summary>
public sealed class UsageClientFixture : IAsyncLifetime
{
    private readonly IdentityClientFixture _silo = new();

    public Uri Url => _silo.Url;

    public string DataDirectory => _silo.DataDirectory;

    public string AdminToken => _silo.AdminToken;

    public string LenaToken { get; private set; } = string.Empty;

    public JobHubClient ClientFor(string? token) => _silo.ClientFor(token);

    public async Task InitializeAsync()
    {
        await _silo.InitializeAsync();
        LenaToken = await _silo.InviteAndAcceptAsync("lena", "site/ledger-team");
        await _silo.InviteAndAcceptAsync("lars");

        // The silo creates its ledger table on first use.
        using (var admin = ClientFor(AdminToken))
        {
            await admin.GetUsageAsync();
        }

        await LedgerRows.InsertAsync(DataDirectory, "lena", "job-lena-1", 1, 0.1m, endHours: 1);
        await LedgerRows.InsertAsync(DataDirectory, "lena", "job-lena-1", 2, 0.2m, endHours: 2);
        await LedgerRows.InsertAsync(DataDirectory, "lena", "job-lena-2", 1, 2.500001m, endHours: 26, nodeType: "gpu-large", seconds: 60);
        await LedgerRows.InsertAsync(DataDirectory, "lars", "job-lars-1", 1, 4m, endHours: 3, nodeType: "local");
    }

    public Task DisposeAsync() => _silo.DisposeAsync();
}
