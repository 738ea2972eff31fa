using System.Text.Json;

namespace JobHub.Grains.Tests.Identity;

/// <summary>Compares records by value, arrays included (a record's own equality compares an ImmutableArray by reference).</summary>
internal static class Same
{
    public static void Value<T>(T expected, T actual) => Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
}
