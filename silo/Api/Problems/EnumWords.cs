using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;

namespace JobHub.Silo.Api.Problems;

/// <summary>
/// The words the API uses for an enum (its JSON names, e.g. <c>timedOut</c>), read from query strings the same way
/// the JSON bodies read them. The .NET names (<c>TimedOut</c>) are taken too, in any case, as older SDKs send them;
/// numbers and comma lists are not.
/// </summary>
internal static class EnumWords
{
    /// <summary>Reads <paramref name="text"/> as one of <typeparamref name="TEnum"/>'s words.</summary>
    public static bool TryParse<TEnum>(string text, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var field in typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (string.Equals(text, Word(field), StringComparison.OrdinalIgnoreCase) || string.Equals(text, field.Name, StringComparison.OrdinalIgnoreCase))
            {
                value = (TEnum)field.GetValue(null)!;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>"one of 'a', 'b'": the words the API takes for <paramref name="enumType"/>.</summary>
    public static string OneOf(Type enumType) =>
        "one of " + string.Join(", ", enumType.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => string.Create(CultureInfo.InvariantCulture, $"'{Word(f)}'")));

    private static string Word(FieldInfo field) => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name;
}
