using JobHub.Runtime.Membership;
using JobHub.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Tests.Membership;

public sealed class MembershipServiceTests
{
    private readonly MemoryMembershipTable _table = new();
    private readonly ScriptedProber _network = new();
    private readonly FakeTimeProvider _time = new();
    private readonly MembershipOptions _options = new();

    [Fact]
    public async Task ThreeSilosJoin_EveryoneSeesThreeActive()
    {
        var silos = await JoinAsync(3);
        await TickAllAsync(silos);

        Assert.All(silos, s => Assert.Equal(3, s.CurrentView.ActiveSilos.Count));
    }

    [Fact]
    public async Task KilledSilo_DeclaredDeadOnlyAfterMissedProbesAndASecondVote()
    {
        var (a, b, c) = await JoinThreeAsync();
        _network.Cut(c.Self); // c is killed: it answers nobody and writes nothing

        for (var round = 0; round < _options.MissedProbesLimit; round++)
        {
            _time.Advance(_options.ProbePeriod);
            await a.TickAsync(CancellationToken.None);
        }

        Assert.Equal(SiloStatus.Active, a.CurrentView.StatusOf(c.Self)); // one vote is not enough

        for (var round = 0; round < _options.MissedProbesLimit; round++)
        {
            await b.TickAsync(CancellationToken.None);
        }

        Assert.Equal(SiloStatus.Dead, b.CurrentView.StatusOf(c.Self));
        await a.TickAsync(CancellationToken.None);
        Assert.Equal([a.Self, b.Self], a.CurrentView.ActiveSilos.OrderBy(s => s.Port));
    }

    [Fact]
    public async Task DefaultSettings_DetectAKilledSiloWithinTenSeconds()
    {
        var (a, b, c) = await JoinThreeAsync();
        _network.Cut(c.Self);
        var elapsed = TimeSpan.Zero;

        while (a.CurrentView.StatusOf(c.Self) != SiloStatus.Dead || b.CurrentView.StatusOf(c.Self) != SiloStatus.Dead)
        {
            _time.Advance(_options.ProbePeriod);
            elapsed += _options.ProbePeriod;
            await a.TickAsync(CancellationToken.None);
            await b.TickAsync(CancellationToken.None);
            Assert.True(elapsed <= TimeSpan.FromSeconds(10), "a killed silo must be declared dead within 10 s");
        }
    }

    [Fact]
    public async Task LastTwoSilos_LonelyVoterWaitsForStaleIAmAlive()
    {
        var silos = await JoinAsync(2);
        var (a, b) = (silos[0], silos[1]);
        _network.Cut(b.Self);

        for (var round = 0; round < _options.MissedProbesLimit; round++)
        {
            _time.Advance(_options.ProbePeriod);
            await a.TickAsync(CancellationToken.None);
        }

        Assert.Equal(SiloStatus.Active, a.CurrentView.StatusOf(b.Self)); // b wrote IAmAlive at join: not stale yet

        var waited = TimeSpan.Zero;
        while (a.CurrentView.StatusOf(b.Self) != SiloStatus.Dead)
        {
            _time.Advance(_options.ProbePeriod);
            waited += _options.ProbePeriod;
            await a.TickAsync(CancellationToken.None);
            Assert.True(waited <= _options.IAmAliveStaleness + _options.ProbePeriod, "declared dead once its IAmAlive is stale");
        }

        Assert.True(waited > _options.IAmAliveStaleness - _options.ProbePeriod * _options.MissedProbesLimit, "not declared dead before its IAmAlive went stale");
    }

    [Fact]
    public async Task PartitionedSilo_LearnsItWasDeclaredDead_AndFencesItself()
    {
        var (a, b, c) = await JoinThreeAsync();
        var fenced = false;
        c.DeclaredDead += () => fenced = true;
        _network.Cut(c.Self); // c's links are cut, but it can still reach the table

        for (var round = 0; round < _options.MissedProbesLimit; round++)
        {
            _time.Advance(_options.ProbePeriod);
            await a.TickAsync(CancellationToken.None);
            await b.TickAsync(CancellationToken.None);
        }

        await c.TickAsync(CancellationToken.None);

        Assert.True(fenced);
        Assert.True(c.IsDeclaredDead);
        await Assert.ThrowsAsync<InvalidOperationException>(() => c.BeginLeavingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GracefulLeave_ShuttingDownThenDead_OthersStopCountingIt()
    {
        var (a, b, c) = await JoinThreeAsync();

        await c.BeginLeavingAsync(CancellationToken.None);
        await a.TickAsync(CancellationToken.None);
        Assert.Equal(SiloStatus.ShuttingDown, a.CurrentView.StatusOf(c.Self));
        Assert.DoesNotContain(c.Self, a.CurrentView.ActiveSilos);

        await c.FinishLeavingAsync(CancellationToken.None);
        await b.TickAsync(CancellationToken.None);
        Assert.Equal(SiloStatus.Dead, b.CurrentView.StatusOf(c.Self));
    }

    [Fact]
    public async Task RestartOnSameEndpoint_DeclaresThePreviousIncarnationDead()
    {
        var old = await JoinOneAsync(new SiloAddress("127.0.0.1", 30001, 100));
        var restarted = await JoinOneAsync(new SiloAddress("127.0.0.1", 30001, 200));

        Assert.Equal(SiloStatus.Dead, restarted.CurrentView.StatusOf(old.Self));
        Assert.Equal([restarted.Self], restarted.CurrentView.ActiveSilos);
        await old.TickAsync(CancellationToken.None);
        Assert.True(old.IsDeclaredDead);
    }

    [Fact]
    public async Task OlderIncarnation_RefusesToJoinAfterANewerOne()
    {
        await JoinOneAsync(new SiloAddress("127.0.0.1", 30002, 200));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => JoinOneAsync(new SiloAddress("127.0.0.1", 30002, 100)));

        Assert.Contains("stale", error.Message);
    }

    [Fact]
    public async Task ViewChanged_RaisedWhenASiloJoins()
    {
        var a = await JoinOneAsync(new SiloAddress("127.0.0.1", 30010, 1));
        var seen = new List<int>();
        a.ViewChanged += v => seen.Add(v.ActiveSilos.Count);

        await JoinOneAsync(new SiloAddress("127.0.0.1", 30011, 1));
        await a.TickAsync(CancellationToken.None);

        Assert.Equal([2], seen);
    }

    [Fact]
    public void Options_BadValuesReportedByName()
    {
        var result = new MembershipOptionsValidator().Validate(null, new MembershipOptions { ProbePeriod = TimeSpan.Zero, MissedProbesLimit = 0, IAmAliveStaleness = TimeSpan.FromSeconds(1) });

        Assert.True(result.Failed);
        Assert.Contains("ProbePeriod must be positive", result.FailureMessage);
        Assert.Contains("MissedProbesLimit must be at least 1", result.FailureMessage);
        Assert.Contains("IAmAliveStaleness", result.FailureMessage);
    }

    private async Task<(MembershipService A, MembershipService B, MembershipService C)> JoinThreeAsync()
    {
        var silos = await JoinAsync(3);
        await TickAllAsync(silos);
        return (silos[0], silos[1], silos[2]);
    }

    private async Task<List<MembershipService>> JoinAsync(int count)
    {
        var silos = new List<MembershipService>();
        for (var i = 0; i < count; i++)
        {
            silos.Add(await JoinOneAsync(new SiloAddress("127.0.0.1", 20000 + i, 1)));
        }

        return silos;
    }

    private async Task<MembershipService> JoinOneAsync(SiloAddress address)
    {
        var service = new MembershipService(_table, _network, address, $"silo-{address.Port}", 0, Options.Create(_options), _time, NullLogger<MembershipService>.Instance);
        await service.JoinAsync(CancellationToken.None);
        return service;
    }

    private static async Task TickAllAsync(IEnumerable<MembershipService> silos)
    {
        foreach (var silo in silos)
        {
            await silo.TickAsync(CancellationToken.None);
        }
    }
}
