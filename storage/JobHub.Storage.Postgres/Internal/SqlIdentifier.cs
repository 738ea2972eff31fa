using System.Text.RegularExpressions;

namespace JobHub.Storage.Postgres.Internal;

/// <summary>Names spliced into DDL (schemas, history tables) must be plain lower-case identifiers: no quoting surprises.</summary>
internal static partial class SqlIdentifier
{
    /// <summary>The rule, for messages.</summary>
    public const string Rule = "a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63 characters)";

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
