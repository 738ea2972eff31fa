using System.Globalization;
using JobHub.Contracts.Identity;
using JobHub.Contracts.Validation;

namespace JobHub.Contracts.Datasets;

/// <summary>
/// The rules for dataset names and for the references a job spec makes to datasets. A name is 1 to
/// <see cref="MaxNameLength"/> characters of <c>a-z A-Z 0-9 - _ .</c>, does not start with '.', and never holds "..";
/// so it has no '/', no control characters and can never leave a folder. A reference is <c>name</c> (the submitter's own
/// dataset) or <c>owner/name</c> (another user's public one).
/// </summary>
public static class DatasetNames
{
    /// <summary>The longest dataset name.</summary>
    public const int MaxNameLength = 128;

    /// <summary>The most datasets one job may name.</summary>
    public const int MaxDatasetsPerJob = 32;

    /// <summary>The largest page of <c>GET /api/v1/datasets</c>.</summary>
    public const int MaxPage = 200;

    /// <summary>What is wrong with <paramref name="name"/> as a dataset name (a sentence), or null when nothing is.</summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "A dataset needs a name (1 to 128 characters of a-z A-Z 0-9 - _ .).";
        }

        if (name.Length > MaxNameLength)
        {
            return $"A dataset name is at most {MaxNameLength} characters (it has {name.Length}).";
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                var what = c == '/' ? "'/' (a dataset name is not a path)" : char.IsControl(c) || TextRules.IsHidden(c) || char.IsWhiteSpace(c) ? Code(c) : $"'{c}' ({Code(c)})";
                return $"A dataset name may hold only a-z A-Z 0-9 - _ . (found {what} at position {i + 1} of '{TextRules.Show(name)}').";
            }
        }

        if (name[0] == '.')
        {
            return $"A dataset name may not start with '.' (was '{TextRules.Show(name)}').";
        }

        return name.Contains("..", StringComparison.Ordinal) ? $"A dataset name may not hold '..' (was '{TextRules.Show(name)}')." : null;
    }

    /// <summary>True when <paramref name="name"/> follows the name rules.</summary>
    public static bool IsValid(string? name) => NameProblem(name) is null;

    /// <summary>What is wrong with <paramref name="reference"/> (<c>name</c> or <c>owner/name</c>), or null when nothing is.</summary>
    public static string? ReferenceProblem(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return "A dataset is named 'name' (your own) or 'owner/name' (another user's public one); this entry is empty.";
        }

        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return NameProblem(reference);
        }

        if (IdentityNames.UserNameProblem(reference[..slash]) is { } owner)
        {
            return $"'{TextRules.Show(reference)}' is not 'owner/name': {owner}.";
        }

        return NameProblem(reference[(slash + 1)..]);
    }

    /// <summary>The owner and name <paramref name="reference"/> stands for, a bare name being <paramref name="submitter"/>'s.</summary>
    /// <exception cref="ArgumentException">The reference breaks a rule (<see cref="ReferenceProblem"/>).</exception>
    public static (string Owner, string Name) Resolve(string reference, string submitter)
    {
        if (ReferenceProblem(reference) is { } problem)
        {
            throw new ArgumentException(problem, nameof(reference));
        }

        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (submitter, reference) : (reference[..slash], reference[(slash + 1)..]);
    }

    /// <summary>The name part of <paramref name="reference"/>: the file name it gets in a job's <c>datasets</c> folder.</summary>
    public static string NameOf(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? reference : reference[(slash + 1)..];
    }

    private static string Code(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
}
