namespace JobHub.Runtime.Placement;

/// <summary>
/// The owner of each grain among the active silos: every silo places <see cref="VirtualNodesPerSilo"/>
/// points on a 32-bit ring (hashes of "address#i"), and a grain belongs to the first point at or after
/// its <see cref="GrainId.StableHash"/>. Every silo with the same membership view computes the same
/// owner, so the directory is computed, not looked up; a silo joining or leaving moves only the grains
/// between its points and their predecessors. Immutable: a new view builds a new ring.
/// </summary>
public sealed class ConsistentHashRing
{
    public const int VirtualNodesPerSilo = 128;

    private readonly uint[] _points;
    private readonly SiloAddress[] _owners;

    public ConsistentHashRing(IEnumerable<SiloAddress> silos)
    {
        ArgumentNullException.ThrowIfNull(silos);
        Silos = silos.Distinct().OrderBy(s => s.ToString(), StringComparer.Ordinal).ToArray();
        var points = Silos
            .SelectMany(silo => Enumerable.Range(0, VirtualNodesPerSilo).Select(i => (Point: StableHashing.Hash32($"{silo}#{i}"), Silo: silo)))
            .OrderBy(p => p.Point)
            .ThenBy(p => p.Silo.ToString(), StringComparer.Ordinal)
            .ToArray();
        _points = points.Select(p => p.Point).ToArray();
        _owners = points.Select(p => p.Silo).ToArray();
    }

    public IReadOnlyList<SiloAddress> Silos { get; }

    public bool IsEmpty => _points.Length == 0;

    public SiloAddress OwnerOf(GrainId grainId) => OwnerOf(grainId.StableHash);

    public SiloAddress OwnerOf(uint hash)
    {
        if (_points.Length == 0)
        {
            throw new InvalidOperationException("No active silo owns any grain: the ring is empty.");
        }

        var index = Array.BinarySearch(_points, hash);
        if (index < 0)
        {
            index = ~index;
        }

        return _owners[index == _points.Length ? 0 : index];
    }

    /// <summary>The ring ranges (begin, end] that <paramref name="silo"/> owns, for range-partitioned work such as reminders.</summary>
    public IReadOnlyList<(uint Begin, uint End)> RangesOf(SiloAddress silo)
    {
        var ranges = new List<(uint, uint)>();
        for (var i = 0; i < _points.Length; i++)
        {
            if (_owners[i] == silo)
            {
                var previous = _points[(i - 1 + _points.Length) % _points.Length];
                ranges.Add((previous, _points[i]));
            }
        }

        return ranges;
    }
}
