using System.Collections.Concurrent;

namespace JobHub.Storage.Sqlite.Tests.Grains;

/// <summary>Counts the reminder ticks each test grain received in this process.</summary>
public static class ReminderTicks
{
    private static readonly ConcurrentDictionary<string, int> Counts = new(StringComparer.Ordinal);

    public static void Record(string key) => Counts.AddOrUpdate(key, 1, static (_, n) => n + 1);

    public static int Count(string key) => Counts.TryGetValue(key, out var n) ? n : 0;

    public static void Reset(string key) => Counts.TryRemove(key, out _);
}
