using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Identity;

namespace JobHub.Grains.Tests.Identity;

/// <summary>Grains that check each other (two admins changing each other, tokens checked while their owner changes) never wait in a cycle.</summary>
public sealed class ConcurrentIdentityTests : IAsyncLifetime
{
    private const string Admin = IdentityHost.Admin;
    private IdentityHost _host = null!;

    public async Task InitializeAsync() => _host = await IdentityHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AdminsChangingEachOther_WhileTheirTokensAreChecked_AllComplete()
    {
        var zoe = await _host.AddRegularUserAsync("zoe", BuiltInGroups.Admins);
        var adminToken = await _host.User(Admin).CreateToken(Admin, "load");
        var physics = GroupRef.Site("physics");
        var work = new List<Task>();
        for (var i = 0; i < 25; i++)
        {
            var feature = $"feature-{i}";
            work.Add(_host.User("zoe").GrantFeature(Admin, feature));
            work.Add(_host.User(Admin).GrantFeature("zoe", feature));
            work.Add(_host.Group(physics).AddMember("zoe", Admin));
            work.Add(_host.Group(physics).AddMember(Admin, "zoe"));
            work.Add(_host.Group(physics).GrantFeature(i % 2 == 0 ? Admin : "zoe", feature));
            work.Add(_host.User("zoe").GetAccess());
            work.Add(_host.User(Admin).GetAccess());
            work.Add(_host.TokenOf(zoe.Token.Token).Verify(zoe.Token.Token));
            work.Add(_host.TokenOf(adminToken.Token).Verify(adminToken.Token));
            work.Add(_host.User("zoe").ListTokens(Admin));
        }

        await Task.WhenAll(work).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(25, (await _host.User("zoe").Get()).Features.Length);
        Assert.Equal(25, (await _host.User(Admin).Get()).Features.Length);
        Assert.Equal(["admin", "zoe"], (await _host.Group(physics).ListMembers()).Select(u => u.Name));
        Assert.True((await _host.TokenOf(zoe.Token.Token).Verify(zoe.Token.Token)).IsValid);
    }
}
