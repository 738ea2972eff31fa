using System.Formats.Tar;
using JobHub.Agent.Bundles;

namespace JobHub.Agent.Tests.Bundles;

/// <summary>The entry rules of docs/api.md ("Code bundles"), one entry name or sequence at a time.</summary>
public sealed class CodeBundleEntryCheckerTests
{
    public static TheoryData<string, string> BadNames => new()
    {
        { "", "an entry has an empty name" },
        { ".", "entry '.' is not a file or folder name" },
        { "./", "entry './' is not a file or folder name" },
        { "..", "has a '..' in its name, which leaves the bundle folder" },
        { "../x.sh", "entry '../x.sh' has a '..' in its name, which leaves the bundle folder" },
        { "a/../../x.sh", "has a '..' in its name" },
        { "/etc/passwd", "entry '/etc/passwd' is absolute" },
        { ".//etc/passwd", "is absolute" },
        { "a\\b.txt", "has a backslash in its name" },
        { "a\0b", "control or invisible formatting character (U+0000)" },
        { "a\u0001b", "control or invisible formatting character (U+0001)" },
        { "a\u001b[31mred", "(U+001B)" },
        { "evil\u202Etxt.sh", "(U+202E)" },
        { "a//b", "has an empty name between two '/'" },
        { "a/./b", "'.' is not a file or folder name" },
        { "././a", "'.' is not a file or folder name" },
        { "dir/", "is a file, but its name ends with '/'" },
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public void Check_BadName_IsRefusedNamingTheRule(string name, string rule)
    {
        var error = Assert.Throws<InvalidDataException>(() => new CodeBundleEntryChecker().Check(name, TarEntryType.RegularFile));

        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Code bundle refused: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run.sh", TarEntryType.RegularFile, "run.sh")]
    [InlineData("./run.sh", TarEntryType.RegularFile, "run.sh")]
    [InlineData("lib/", TarEntryType.Directory, "lib")]
    [InlineData("./lib/", TarEntryType.Directory, "lib")]
    [InlineData("lib/a b/ünïcødé 👩‍💻.txt", TarEntryType.RegularFile, "lib/a b/ünïcødé 👩‍💻.txt")]
    [InlineData(".hidden/..dots../x", TarEntryType.V7RegularFile, ".hidden/..dots../x")]
    public void Check_GoodName_ReturnsTheRelativePath(string name, TarEntryType type, string path)
    {
        Assert.Equal(path, new CodeBundleEntryChecker().Check(name, type));
    }

    [Theory]
    [InlineData("./")]
    [InlineData(".")]
    public void Check_TheBundleFolderItself_AddsNothing(string name)
    {
        var checker = new CodeBundleEntryChecker();

        Assert.Null(checker.Check(name, TarEntryType.Directory));
        Assert.Equal(0, checker.Count);
    }

    [Fact]
    public void Check_NameLengthLimit_IsExactAndTheMessageShowsAtMost80Characters()
    {
        var longest = string.Join('/', Enumerable.Repeat(new string('n', 99), 10)) + "/" + new string('n', 24);
        Assert.Equal(CodeBundleLimits.MaxPathLength, longest.Length);
        Assert.NotNull(new CodeBundleEntryChecker().Check(longest, TarEntryType.RegularFile));

        var huge = new string('n', 5000);
        var error = Assert.Throws<InvalidDataException>(() => new CodeBundleEntryChecker().Check(huge, TarEntryType.RegularFile));

        Assert.Contains("entry names may be at most 1,024 characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("has 5,000", error.Message, StringComparison.Ordinal);
        Assert.Contains(new string('n', 80) + "…'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('n', 81), error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => new CodeBundleEntryChecker().Check(longest + "x", TarEntryType.RegularFile));
    }

    [Fact]
    public void Check_SegmentLimit_Is255Utf8Bytes()
    {
        var checker = new CodeBundleEntryChecker();
        Assert.NotNull(checker.Check("d/" + new string('a', 255), TarEntryType.RegularFile));
        Assert.NotNull(checker.Check(new string('é', 127), TarEntryType.RegularFile)); // 254 bytes

        var error = Assert.Throws<InvalidDataException>(() => checker.Check("d/" + new string('é', 128), TarEntryType.RegularFile));

        Assert.Contains("a file or folder name may be at most 255 bytes (UTF-8)", error.Message, StringComparison.Ordinal);
        Assert.Contains("one of 256 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_DepthLimit_Is64Names()
    {
        var deepest = string.Join('/', Enumerable.Repeat("d", CodeBundleLimits.MaxDepth));
        Assert.NotNull(new CodeBundleEntryChecker().Check(deepest, TarEntryType.RegularFile));

        var error = Assert.Throws<InvalidDataException>(() => new CodeBundleEntryChecker().Check(deepest + "/f", TarEntryType.RegularFile));

        Assert.Contains("entries may be nested at most 64 names deep", error.Message, StringComparison.Ordinal);
        Assert.Contains("is 65 deep", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink, "a symbolic link")]
    [InlineData(TarEntryType.HardLink, "a hard link")]
    [InlineData(TarEntryType.CharacterDevice, "a character device")]
    [InlineData(TarEntryType.BlockDevice, "a block device")]
    [InlineData(TarEntryType.Fifo, "a named pipe")]
    [InlineData(TarEntryType.SparseFile, "a sparse file")]
    [InlineData(TarEntryType.DirectoryList, "neither a file nor a folder")]
    public void Check_EntryThatIsNotAFileOrFolder_IsRefused(TarEntryType type, string what)
    {
        var error = Assert.Throws<InvalidDataException>(() => new CodeBundleEntryChecker().Check("thing", type));

        Assert.Contains($"entry 'thing' is {what}", error.Message, StringComparison.Ordinal);
        Assert.Contains("a bundle may hold only files and folders", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> Conflicts => new()
    {
        { ["x", "x/y"], "entry 'x/y' is inside 'x', which is a file" },
        { ["a/x", "a/x/b/c"], "entry 'a/x/b/c' is inside 'a/x', which is a file" },
        { ["x/y", "x"], "entry 'x' is a file, but 'x' is already a folder (earlier entries are inside it)" },
        { ["x/", "x"], "entry 'x' is a file, but 'x' is already a folder" },
        { ["x", "x/"], "entry 'x/' is a folder, but 'x' is already a file" },
        { ["x", "x"], "entry 'x' appears twice" },
        { ["x", "./x"], "entry './x' appears twice" },
        { ["x/", "x/"], "entry 'x/' appears twice" },
    };

    [Theory]
    [MemberData(nameof(Conflicts))]
    public void Check_DuplicateOrFileFolderConflict_IsRefusedInEitherOrder(string[] names, string rule)
    {
        var checker = new CodeBundleEntryChecker();
        foreach (var name in names[..^1])
        {
            checker.Check(name, name.EndsWith('/') ? TarEntryType.Directory : TarEntryType.RegularFile);
        }

        var last = names[^1];
        var error = Assert.Throws<InvalidDataException>(() => checker.Check(last, last.EndsWith('/') ? TarEntryType.Directory : TarEntryType.RegularFile));

        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FolderNamedAfterItsContents_IsFine()
    {
        var checker = new CodeBundleEntryChecker();

        checker.Check("x/y", TarEntryType.RegularFile);
        checker.Check("x/", TarEntryType.Directory);
        checker.Check("x/z/", TarEntryType.Directory);

        Assert.Equal(3, checker.Count);
    }

    [Fact]
    public void Check_MoreThanMaxEntries_CountingImpliedFolders_IsRefused()
    {
        var checker = new CodeBundleEntryChecker();
        for (var i = 0; i < CodeBundleLimits.MaxEntries / 2; i++)
        {
            checker.Check($"d{i}/f", TarEntryType.RegularFile); // two each: the folder and the file
        }

        Assert.Equal(CodeBundleLimits.MaxEntries, checker.Count);
        var error = Assert.Throws<InvalidDataException>(() => checker.Check("one-more", TarEntryType.RegularFile));

        Assert.Contains("a bundle may hold at most 100,000 files and folders", error.Message, StringComparison.Ordinal);
    }
}
