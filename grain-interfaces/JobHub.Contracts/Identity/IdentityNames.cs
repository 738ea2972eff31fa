using System.Globalization;
using JobHub.Contracts.Validation;

namespace JobHub.Contracts.Identity;

/// <summary>
/// What user names, group names, features, emails and token names may be. Each <c>XxxProblem</c> method returns null for a
/// good value, or the problem in plain words (any character shown is escaped, so a message never carries a control character).
/// </summary>
public static class IdentityNames
{
    /// <summary>
    /// A user name: 1–64 characters, lower-case ASCII letters, digits, '-', '_' and '.', starting with a letter or a digit
    /// (so '.', '..' and option-like names never occur).
    /// </summary>
    public static string? UserNameProblem(string? name) => NameProblem(name, "a user name");

    /// <summary>A group name (either realm): the same rules as a user name.</summary>
    public static string? GroupNameProblem(string? name) => NameProblem(name, "a group name");

    /// <summary>A feature (<c>gpu-jobs</c>): 1–64 characters, lower-case ASCII letters, digits and '-', starting with a letter or a digit.</summary>
    public static string? FeatureProblem(string? feature)
    {
        if (string.IsNullOrEmpty(feature))
        {
            return "a feature must not be empty";
        }

        if (feature.Length > IdentityLimits.MaxNameLength)
        {
            return $"a feature must be at most {IdentityLimits.MaxNameLength} characters (was {feature.Length})";
        }

        for (var i = 0; i < feature.Length; i++)
        {
            var c = feature[i];
            if (!IsLowerAlnum(c) && c != '-')
            {
                return $"a feature may hold only lower-case letters, digits and '-' (found {Show(c)} at position {i + 1})";
            }
        }

        return IsLowerAlnum(feature[0]) ? null : "a feature must start with a lower-case letter or a digit";
    }

    /// <summary>A realm and a name that make a group: realm <c>jobhub</c> (only its four built-in groups) or <c>site</c>.</summary>
    public static string? GroupProblem(GroupRef? group)
    {
        if (group is null)
        {
            return "a group is required";
        }

        if (!IdentityRealms.IsKnown(group.Realm))
        {
            return $"a group's realm must be '{IdentityRealms.JobHub}' or '{IdentityRealms.Site}' (was '{Shown(group.Realm ?? "")}')";
        }

        if (GroupNameProblem(group.Name) is { } problem)
        {
            return problem;
        }

        return group.Realm == IdentityRealms.JobHub && !BuiltInGroups.Contains(group)
            ? $"the {IdentityRealms.JobHub} realm has only the groups admins, customeradmins, users and anon (was '{group.Name}')"
            : null;
    }

    /// <summary>Reads a group key <c>{realm}/{name}</c>; null (with the problem) when it is not a valid group.</summary>
    public static GroupRef? ParseGroupKey(string? key, out string? problem)
    {
        var slash = key?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (key is null || slash < 0)
        {
            problem = $"a group is written realm/name (was '{Shown(key ?? "")}')";
            return null;
        }

        var group = new GroupRef(key[..slash], key[(slash + 1)..]);
        problem = GroupProblem(group);
        return problem is null ? group : null;
    }

    /// <summary>
    /// An email address: at most 254 characters, one '@' between a local part (1–64 characters of letters, digits and
    /// <c>.!#$%&amp;'*+/=?^_`{|}~-</c>) and a domain of ASCII letters, digits, '-' and '.' holding at least one dot.
    /// JobHub compares emails lower-cased (<see cref="NormalizeEmail"/>).
    /// </summary>
    public static string? EmailProblem(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return "an email address must not be empty";
        }

        if (email.Length > IdentityLimits.MaxEmailLength)
        {
            return $"an email address must be at most {IdentityLimits.MaxEmailLength} characters (was {email.Length})";
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1)
        {
            return $"an email address must be local-part@domain with exactly one '@' (was '{Shown(email)}')";
        }

        if (at > 64)
        {
            return $"the local part of an email address must be at most 64 characters (was {at})";
        }

        for (var i = 0; i < email.Length; i++)
        {
            var c = email[i];
            var allowed = i < at ? IsAsciiAlnum(c) || ".!#$%&'*+/=?^_`{|}~-".Contains(c, StringComparison.Ordinal)
                : i == at || IsAsciiAlnum(c) || c is '-' or '.';
            if (!allowed)
            {
                return $"an email address may not hold {Show(c)} (position {i + 1})";
            }
        }

        var domain = email[(at + 1)..];
        return !domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal)
            ? $"an email address needs a domain like example.com (was '{Shown(domain)}')"
            : null;
    }

    /// <summary>The form JobHub stores and compares an email in: lower-cased (ASCII).</summary>
    public static string NormalizeEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.ToLowerInvariant();
    }

    /// <summary>An API token's name (what it is for): 1–100 characters, not only spaces, no control or formatting characters.</summary>
    public static string? TokenNameProblem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "a token name must not be empty";
        }

        if (name.Length > IdentityLimits.MaxTokenNameLength)
        {
            return $"a token name must be at most {IdentityLimits.MaxTokenNameLength} characters (was {name.Length})";
        }

        return TextRules.HasControlCharacters(name) ? $"a token name may not hold control or formatting characters (was '{Shown(name)}')" : null;
    }

    /// <summary>
    /// A user name made from an email's local part, for an invitation without one: lower-cased, other characters turned
    /// into '-', cut to 56 characters (room for a <c>-N</c> suffix); <c>user</c> when nothing is left.
    /// </summary>
    public static string UserNameFromEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var at = email.IndexOf('@', StringComparison.Ordinal);
        var local = (at < 0 ? email : email[..at]).ToLowerInvariant();
        var chars = local.Select(c => IsLowerAlnum(c) || c is '-' or '_' or '.' ? c : '-').ToArray();
        var name = new string(chars).Trim('-', '_', '.');
        if (name.Length > 56)
        {
            name = name[..56].TrimEnd('-', '_', '.');
        }

        return name.Length == 0 ? "user" : name;
    }

    private static string? NameProblem(string? name, string what)
    {
        if (string.IsNullOrEmpty(name))
        {
            return $"{what} must not be empty";
        }

        if (name.Length > IdentityLimits.MaxNameLength)
        {
            return $"{what} must be at most {IdentityLimits.MaxNameLength} characters (was {name.Length})";
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!IsLowerAlnum(c) && c is not ('-' or '_' or '.'))
            {
                return $"{what} may hold only lower-case letters, digits, '-', '_' and '.' (found {Show(c)} at position {i + 1})";
            }
        }

        return IsLowerAlnum(name[0]) ? null : $"{what} must start with a lower-case letter or a digit";
    }

    private static bool IsLowerAlnum(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');

    private static bool IsAsciiAlnum(char c) => IsLowerAlnum(c) || c is >= 'A' and <= 'Z';

    private static string Show(char c) =>
        c is > ' ' and < (char)127 ? $"'{c}'" : string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}");

    private static string Shown(string text) => TextRules.Show(text);
}
