using JobHub.Runtime.Placement;
using JobHub.Runtime.Reminders;

namespace JobHub.Runtime.Tests.Placement;

public sealed class ConsistentHashRingTests
{
    private static readonly SiloAddress A = new("127.0.0.1", 11111, 1);
    private static readonly SiloAddress B = new("127.0.0.1", 11112, 1);
    private static readonly SiloAddress C = new("127.0.0.1", 11113, 1);

    [Fact]
    public void ThreeSilos_EachOwnAThirdOfOneHundredThousandGrains_WithinFivePoints()
    {
        var ring = new ConsistentHashRing([A, B, C]);

        var counts = Enumerable.Range(0, 100_000)
            .GroupBy(i => ring.OwnerOf(new GrainId("job", $"job-{i}")))
            .ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count / 100_000.0, 0.2833, 0.3833));
    }

    [Fact]
    public void SameView_SameOwner_WhateverTheOrderSilosAreListedIn()
    {
        var one = new ConsistentHashRing([A, B, C]);
        var other = new ConsistentHashRing([C, A, B]);

        Assert.All(Enumerable.Range(0, 1_000).Select(i => new GrainId("w", i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            id => Assert.Equal(one.OwnerOf(id), other.OwnerOf(id)));
    }

    [Fact]
    public void SiloLeaving_MovesOnlyItsOwnGrains()
    {
        var before = new ConsistentHashRing([A, B, C]);
        var after = new ConsistentHashRing([A, B]);
        var ids = Enumerable.Range(0, 10_000).Select(i => new GrainId("g", $"k{i}")).ToList();

        Assert.All(ids.Where(id => before.OwnerOf(id) != C), id => Assert.Equal(before.OwnerOf(id), after.OwnerOf(id)));
        Assert.All(ids, id => Assert.NotEqual(C, after.OwnerOf(id)));
    }

    [Fact]
    public void RangesOfEachSilo_CoverEveryHashExactlyOnce()
    {
        var ring = new ConsistentHashRing([A, B, C]);
        var ranges = ring.Silos.ToDictionary(s => s, ring.RangesOf);
        var random = new Random(7);

        for (var i = 0; i < 5_000; i++)
        {
            var hash = (uint)random.NextInt64(0, uint.MaxValue + 1L);
            var holders = ranges.Where(r => r.Value.Any(range => RingRange.Contains(range.Begin, range.End, hash))).Select(r => r.Key).ToList();
            Assert.Equal([ring.OwnerOf(hash)], holders);
        }
    }

    [Fact]
    public void EmptyRing_RefusesToPlace()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ConsistentHashRing([]).OwnerOf(new GrainId("x", "y")));

        Assert.Contains("ring is empty", error.Message);
    }
}
