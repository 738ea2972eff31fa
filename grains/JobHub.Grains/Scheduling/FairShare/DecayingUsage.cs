namespace JobHub.Grains.Scheduling.FairShare;

/// <summary>
/// Reserved vCPU-seconds that decay with a half-life h: with r vCPUs reserved, dU/dt = r − λU (λ = ln 2 / h), so
/// U(t + Δ) = U·e^(−λΔ) + r·(1 − e^(−λΔ))/λ, exact between changes of r. Also tracks r (the current reservation).
/// </summary>
public sealed class DecayingUsage
{
    private readonly double _lambda;
    private double _usage;
    private DateTimeOffset _at;

    /// <summary>Starts at zero usage at <paramref name="at"/>.</summary>
    public DecayingUsage(TimeSpan halfLife, DateTimeOffset at)
    {
        _lambda = Math.Log(2) / halfLife.TotalSeconds;
        _at = at;
    }

    /// <summary>Starts at <paramref name="usage"/> vCPU-seconds with <paramref name="reservedMilliVcpu"/> reserved at <paramref name="at"/>.</summary>
    public DecayingUsage(TimeSpan halfLife, DateTimeOffset at, double usage, long reservedMilliVcpu)
        : this(halfLife, at)
    {
        _usage = Math.Max(0, usage);
        ReservedMilliVcpu = Math.Max(0, reservedMilliVcpu);
    }

    /// <summary>vCPUs reserved now (milli-vCPU).</summary>
    public long ReservedMilliVcpu { get; private set; }

    /// <summary>Decayed usage in vCPU-seconds at <paramref name="now"/>.</summary>
    public double UsageAt(DateTimeOffset now)
    {
        var dt = Math.Max(0, (now - _at).TotalSeconds);
        var decay = Math.Exp(-_lambda * dt);
        return (_usage * decay) + (ReservedMilliVcpu / 1000.0 * (1 - decay) / _lambda);
    }

    /// <summary>
    /// The fair-share key: decayed past usage plus what the current reservation converges to (r/λ), so that a
    /// placement counts at once and two equal users alternate instead of one taking a whole pass.
    /// </summary>
    public double KeyAt(DateTimeOffset now) => UsageAt(now) + (ReservedMilliVcpu / 1000.0 / _lambda);

    /// <summary>Changes the reservation by <paramref name="deltaMilliVcpu"/> at <paramref name="now"/>.</summary>
    public void Reserve(long deltaMilliVcpu, DateTimeOffset now)
    {
        _usage = UsageAt(now);
        _at = now > _at ? now : _at;
        ReservedMilliVcpu += deltaMilliVcpu;
    }

    /// <summary>
    /// Adds usage counted elsewhere or earlier: <paramref name="vcpuSeconds"/> at <paramref name="at"/>, decayed from
    /// then (usage is linear, so what decays apart adds up).
    /// </summary>
    public void AddPast(double vcpuSeconds, DateTimeOffset at)
    {
        var reference = at > _at ? at : _at;
        _usage = UsageAt(reference) + (Math.Max(0, vcpuSeconds) * Math.Exp(-_lambda * Math.Max(0, (reference - at).TotalSeconds)));
        _at = reference;
    }
}
