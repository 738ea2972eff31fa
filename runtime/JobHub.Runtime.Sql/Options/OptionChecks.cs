using System.Text.RegularExpressions;

namespace JobHub.Runtime.Sql.Options;

/// <summary>Checks shared by the option validators.</summary>
internal static partial class OptionChecks
{
    public static void ClusterId(string? value, string propertyName, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{propertyName} must not be empty.");
        }
        else if (value.Length > 200)
        {
            failures.Add($"{propertyName} must be at most 200 characters (was {value.Length}).");
        }
    }

    /// <summary>A lower-case SQL identifier: safe to splice into DDL without quoting surprises.</summary>
    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    public static partial Regex SqlIdentifier();
}
