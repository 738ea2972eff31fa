using System.Globalization;
using System.Text;
using JobHub.Contracts.Identity;
using JobHub.Contracts.Projects;
using JobHub.Contracts.Validation;

namespace JobHub.Contracts.Secrets;

/// <summary>
/// What secret namespaces, names and values may be. Each <c>XxxProblem</c> method returns null for a good value, or the
/// problem in plain words (characters shown escaped; a value is never shown).
/// </summary>
public static class SecretNames
{
    /// <summary>Longest secret name.</summary>
    public const int MaxNameLength = 128;

    /// <summary>Largest secret value, in bytes of UTF-8 (64 KiB).</summary>
    public const int MaxValueBytes = 64 * 1024;

    /// <summary>Most secrets in one namespace.</summary>
    public const int MaxSecretsPerNamespace = 1000;

    /// <summary>Longest namespace as written (<c>group:site:</c> and a 64-character name).</summary>
    public const int MaxNamespaceLength = 80;

    /// <summary>
    /// Reads <c>user:{name}</c>, <c>project:{name}</c> or <c>group:{realm}:{name}</c>; null (with the problem) for anything
    /// else. User, project and group names follow <see cref="IdentityNames"/>.
    /// </summary>
    public static SecretNamespace? ParseNamespace(string? text, out string? problem)
    {
        problem = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxNamespaceLength)
        {
            problem = $"a namespace is user:<name>, project:<name> or group:<realm>:<name>, at most {MaxNamespaceLength} characters (was '{TextRules.Show(text ?? string.Empty)}')";
            return null;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? text : text[..colon];
        var rest = colon < 0 ? null : text[(colon + 1)..];
        switch (kind)
        {
            case "user" when rest is not null:
                problem = IdentityNames.UserNameProblem(rest);
                return problem is null ? SecretNamespace.User(rest) : null;
            case "project" when rest is not null:
                problem = ProjectNames.NameProblem(rest);
                return problem is null ? SecretNamespace.Project(rest) : null;
            case "group" when rest is not null:
                var group = IdentityNames.ParseGroupKey(rest.Replace(':', '/'), out problem);
                return group is null ? null : SecretNamespace.OfGroup(group);
            default:
                problem = $"a namespace is user:<name>, project:<name> or group:<realm>:<name> (was '{TextRules.Show(text)}')";
                return null;
        }
    }

    /// <summary>
    /// A secret name: 1–128 characters of A-Z a-z 0-9 '_' '-' '.', not starting with '.' (so no '/', no '..', nothing a
    /// path or a shell would read twice).
    /// </summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a secret name must not be empty";
        }

        if (name.Length > MaxNameLength)
        {
            return $"a secret name must be at most {MaxNameLength} characters (was {name.Length})";
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.'))
            {
                return $"a secret name may hold only A-Z a-z 0-9 '_' '-' '.' (found {Show(c)} at position {i + 1})";
            }
        }

        return name[0] == '.' ? "a secret name must not start with '.'" : null;
    }

    /// <summary>A secret value: 1 to 64 KiB of UTF-8 text. The value itself is never shown.</summary>
    public static string? ValueProblem(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "a secret value must not be empty (delete the secret instead)";
        }

        var bytes = value.Length > MaxValueBytes ? value.Length : Encoding.UTF8.GetByteCount(value);
        return bytes > MaxValueBytes
            ? string.Create(CultureInfo.InvariantCulture, $"a secret value must be at most {MaxValueBytes} bytes of UTF-8 (was at least {bytes}; the value is not shown)")
            : null;
    }

    private static string Show(char c) =>
        c is > ' ' and < (char)127 ? $"'{c}'" : string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}");
}
