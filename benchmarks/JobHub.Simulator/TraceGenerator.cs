using System.Globalization;

namespace JobHub.Simulator;

/// <summary>
/// A seeded synthetic trace: Poisson arrivals whose rate follows a daily wave (quiet nights, busy afternoons), 50 users
/// of unequal appetite in 10 groups, and a mix of single-process jobs (55%), elastic jobs (30%, half of them allowing
/// spot workers) and fixed gangs (15%) of 1-vCPU processes.
/// </summary>
public static class TraceGenerator
{
    /// <summary>Generates <paramref name="count"/> jobs spread over <paramref name="span"/>.</summary>
    public static IReadOnlyList<TraceJob> Generate(int seed, int count, TimeSpan span)
    {
        var random = new Random(seed);
        var jobs = new List<TraceJob>(count);
        var meanGap = span.TotalSeconds / count;
        var t = 0.0;
        for (var i = 0; i < count; i++)
        {
            // Rate wave: twice the mean at the peak, a fifth of it in the trough.
            var phase = Math.Sin(2 * Math.PI * t / span.TotalSeconds * 2);
            var rate = 1 / meanGap * (1.1 + (0.9 * phase));
            t += -Math.Log(1 - random.NextDouble()) / rate;
            var user = (int)Math.Floor(50 * Math.Pow(random.NextDouble(), 2)); // low ids submit most
            var kind = random.NextDouble() switch { < 0.55 => "single", < 0.85 => "elastic", _ => "fixed" };
            var (processes, gang, vcpu, duration) = kind switch
            {
                "single" => (1, 1, (decimal)(1 << random.Next(0, 3)), LogNormal(random, 600)),
                "elastic" => (1 + random.Next(3, 64), 1, 1m, LogNormal(random, 2400)),
                _ => (8 << random.Next(0, 5), 0, 1m, LogNormal(random, 1800)),
            };
            if (kind == "fixed")
            {
                gang = processes;
            }

            jobs.Add(new TraceJob(
                Math.Round(t, 3),
                string.Create(CultureInfo.InvariantCulture, $"j{i:00000}"),
                string.Create(CultureInfo.InvariantCulture, $"user{user:00}"),
                string.Create(CultureInfo.InvariantCulture, $"group{user % 10}"),
                kind,
                processes,
                gang,
                vcpu,
                (long)(vcpu * 2048),
                Math.Round(duration, 3),
                random.NextDouble() < 0.1 ? 10 : 0,
                kind == "elastic" && random.NextDouble() < 0.5));
        }

        return jobs;
    }

    private static double LogNormal(Random random, double mean)
    {
        // Box-Muller; sigma 0.8, scaled so the mean is the given one, at least a minute.
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        const double Sigma = 0.8;
        return Math.Max(60, mean * Math.Exp((Sigma * normal) - (Sigma * Sigma / 2)));
    }
}
