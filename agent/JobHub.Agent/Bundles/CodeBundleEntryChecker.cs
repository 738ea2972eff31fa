using System.Formats.Tar;
using System.Text;
using JobHub.Contracts.Validation;

namespace JobHub.Agent.Bundles;

/// <summary>
/// Checks a code bundle's entries one at a time, in archive order, against the rules of docs/api.md ("Code
/// bundles"): only files and folders; relative names of at most <see cref="CodeBundleLimits.MaxPathLength"/>
/// characters and <see cref="CodeBundleLimits.MaxDepth"/> names, each at most
/// <see cref="CodeBundleLimits.MaxSegmentBytes"/> UTF-8 bytes, without empty, <c>.</c> or <c>..</c> names,
/// backslashes, control or invisible formatting characters; no entry twice; nothing inside a file, no file where a folder is; at most
/// <see cref="CodeBundleLimits.MaxEntries"/> files and folders.
/// </summary>
/// <remarks>
/// A leading <c>./</c> is allowed and dropped, and the entry <c>./</c> (the bundle folder itself, as
/// <c>tar -C folder .</c> writes it) adds nothing, so <c>./run.sh</c> and <c>run.sh</c> name the same file (and
/// both in one archive are a duplicate). A folder's name may end with <c>/</c>. Memory stays bounded: the names
/// seen are kept as a tree of at most <see cref="CodeBundleLimits.MaxEntries"/> nodes.
/// </remarks>
public sealed class CodeBundleEntryChecker
{
    private const string Refused = "Code bundle refused: ";

    private readonly Node _root = new(isFile: false, isExplicit: true);

    /// <summary>Files and folders seen so far, counting folders that only appear in other entries' names.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Checks the next entry read from the archive. Returns its path relative to the bundle folder ('/' between
    /// names, no leading <c>./</c>, no trailing <c>/</c>), or null for an entry that adds nothing (a PAX global
    /// header, the bundle folder's own entry).
    /// </summary>
    /// <exception cref="InvalidDataException">The entry breaks a rule; the message names the entry and the rule.</exception>
    public string? Check(TarEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
        {
            return null;
        }

        if (entry is PaxTarEntry pax && pax.ExtendedAttributes.Keys.Any(key => key.StartsWith("GNU.sparse.", StringComparison.Ordinal)))
        {
            throw Refuse($"entry '{TextRules.Show(entry.Name)}' is a sparse file; a bundle may hold only plain files and folders.");
        }

        return Check(entry.Name, entry.EntryType);
    }

    /// <summary>Checks an entry by its name and type (see <see cref="Check(TarEntry)"/>).</summary>
    /// <exception cref="InvalidDataException">The entry breaks a rule; the message names the entry and the rule.</exception>
    public string? Check(string name, TarEntryType type)
    {
        ArgumentNullException.ThrowIfNull(name);
        var isFolder = type is TarEntryType.Directory;
        if (!isFolder && type is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
        {
            throw Refuse($"entry '{TextRules.Show(name)}' is {Describe(type)} (tar type {type}); a bundle may hold only files and folders.");
        }

        var path = Normalize(name, isFolder);
        if (path is null)
        {
            return null;
        }

        var segments = CheckSegments(name, path);
        Add(name, segments, isFolder);
        return path;
    }

    /// <summary>A refusal with the usual prefix; used for every rule a bundle breaks.</summary>
    internal static InvalidDataException Refuse(string rule) => new(Refused + rule);

    private static string? Normalize(string name, bool isFolder)
    {
        if (name.Length == 0)
        {
            throw Refuse("an entry has an empty name.");
        }

        if (name.Length > CodeBundleLimits.MaxPathLength + 3)
        {
            throw TooLong(name);
        }

        if (name.StartsWith('/'))
        {
            throw Absolute(name);
        }

        var path = name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;
        if (isFolder && path.EndsWith('/'))
        {
            path = path[..^1];
        }

        if (path.Length == 0 || path == ".")
        {
            // The bundle folder itself ('./' or '.'): nothing to make. As a file, it names nothing.
            return isFolder ? null : throw Refuse($"entry '{TextRules.Show(name)}' is not a file or folder name.");
        }

        if (path.Length > CodeBundleLimits.MaxPathLength)
        {
            throw TooLong(name);
        }

        foreach (var c in path)
        {
            if (TextRules.IsHidden(c))
            {
                throw Refuse($"entry '{TextRules.Show(name)}' has a control or invisible formatting character (U+{(int)c:X4}) in its name; names may not hold them.");
            }
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            throw Refuse($"entry '{TextRules.Show(name)}' has a backslash in its name; folders are separated by '/' and names may not hold '\\'.");
        }

        if (path.StartsWith('/'))
        {
            throw Absolute(name);
        }

        if (!isFolder && path.EndsWith('/'))
        {
            throw Refuse($"entry '{TextRules.Show(name)}' is a file, but its name ends with '/'.");
        }

        return path;
    }

    private static string[] CheckSegments(string name, string path)
    {
        var segments = path.Split('/');
        if (segments.Contains(".."))
        {
            throw Refuse($"entry '{TextRules.Show(name)}' has a '..' in its name, which leaves the bundle folder.");
        }

        if (segments.Length > CodeBundleLimits.MaxDepth)
        {
            throw Refuse($"entries may be nested at most {CodeBundleLimits.MaxDepth} names deep; entry '{TextRules.Show(name)}' is {segments.Length} deep.");
        }

        foreach (var segment in segments)
        {
            if (segment.Length == 0)
            {
                throw Refuse($"entry '{TextRules.Show(name)}' has an empty name between two '/'.");
            }

            if (segment == ".")
            {
                throw Refuse($"entry '{TextRules.Show(name)}' has '.' in its path; '.' is not a file or folder name.");
            }

            var bytes = Encoding.UTF8.GetByteCount(segment);
            if (bytes > CodeBundleLimits.MaxSegmentBytes)
            {
                throw Refuse($"a file or folder name may be at most {CodeBundleLimits.MaxSegmentBytes} bytes (UTF-8); entry '{TextRules.Show(name)}' has one of {bytes} bytes.");
            }
        }

        return segments;
    }

    private void Add(string name, string[] segments, bool isFolder)
    {
        var node = _root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (node.Children?.GetValueOrDefault(segments[i]) is { } child)
            {
                if (child.IsFile)
                {
                    throw Refuse($"entry '{TextRules.Show(name)}' is inside '{TextRules.Show(string.Join('/', segments[..(i + 1)]))}', which is a file.");
                }

                node = child;
            }
            else
            {
                node = NewChild(node, segments[i], isFile: false, isExplicit: false);
            }
        }

        var last = segments[^1];
        if (node.Children?.GetValueOrDefault(last) is not { } existing)
        {
            NewChild(node, last, isFile: !isFolder, isExplicit: true);
            return;
        }

        var path = TextRules.Show(string.Join('/', segments));
        var rule = (existing.IsFile, isFolder, existing.IsExplicit) switch
        {
            (true, false, _) => $"entry '{TextRules.Show(name)}' appears twice; each file may appear once.",
            (true, true, _) => $"entry '{TextRules.Show(name)}' is a folder, but '{path}' is already a file.",
            (false, false, true) => $"entry '{TextRules.Show(name)}' is a file, but '{path}' is already a folder.",
            (false, false, false) => $"entry '{TextRules.Show(name)}' is a file, but '{path}' is already a folder (earlier entries are inside it).",
            (false, true, true) => $"entry '{TextRules.Show(name)}' appears twice; each folder may appear once.",
            (false, true, false) => null,
        };
        if (rule is not null)
        {
            throw Refuse(rule);
        }

        existing.IsExplicit = true;
    }

    private Node NewChild(Node parent, string segment, bool isFile, bool isExplicit)
    {
        if (++Count > CodeBundleLimits.MaxEntries)
        {
            throw Refuse($"a bundle may hold at most {CodeBundleLimits.Count(CodeBundleLimits.MaxEntries)} files and folders; this one holds more.");
        }

        var child = new Node(isFile, isExplicit);
        (parent.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal)).Add(segment, child);
        return child;
    }

    private static InvalidDataException Absolute(string name) =>
        Refuse($"entry '{TextRules.Show(name)}' is absolute, so it leaves the bundle folder; names must be relative to it.");

    private static InvalidDataException TooLong(string name) =>
        Refuse($"entry names may be at most {CodeBundleLimits.Count(CodeBundleLimits.MaxPathLength)} characters; entry '{TextRules.Show(name)}' has {CodeBundleLimits.Count(name.Length)}.");

    private static string Describe(TarEntryType type) => type switch
    {
        TarEntryType.SymbolicLink => "a symbolic link",
        TarEntryType.HardLink => "a hard link",
        TarEntryType.CharacterDevice => "a character device",
        TarEntryType.BlockDevice => "a block device",
        TarEntryType.Fifo => "a named pipe",
        TarEntryType.SparseFile => "a sparse file",
        _ => "neither a file nor a folder",
    };

    private sealed class Node(bool isFile, bool isExplicit)
    {
        public bool IsFile { get; } = isFile;

        public bool IsExplicit { get; set; } = isExplicit;

        public Dictionary<string, Node>? Children { get; set; }
    }
}
