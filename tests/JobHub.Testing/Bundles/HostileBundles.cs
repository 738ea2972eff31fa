using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace JobHub.Testing.Bundles;

/// <summary>
/// Malformed and hostile code bundles by name, for the agent's archive checks and the silo's upload tests alike: the
/// same bytes at both layers, each layer with its own expectation of the words it refuses them with.
/// </summary>
public static class HostileBundles
{
    /// <summary>The largest metadata block a bundle may hold (docs/api.md, code bundle limits).</summary>
    public const int MetadataLimitBytes = 1024 * 1024;

    /// <summary>The archive of one kind (an unknown kind throws).</summary>
    public static byte[] Build(string kind)
    {
        using var bundle = new CraftedBundle();
        switch (kind)
        {
            case "empty":
                return [];
            case "not-gzip":
                return Encoding.UTF8.GetBytes("definitely not a gzip stream, just some text");
            case "zip":
                return [(byte)'P', (byte)'K', 3, 4, .. new byte[40]];
            case "gzip-of-text":
                return CraftedBundle.Gzip(Encoding.UTF8.GetBytes(new string('z', 2000)));
            case "gzip-of-nothing":
                return Convert.FromHexString("1F8B0800000000000003" + "0300" + "0000000000000000"); // a valid gzip stream of 0 bytes
            case "tar-cut-in-data":
                return CraftedBundle.Gzip(bundle.File("big.txt", new string('b', 3000)).Tar()[..1500]);
            case "tar-cut-in-header":
                return CraftedBundle.Gzip(bundle.File("a.txt").File("b.txt").Tar()[..^1300]);
            case "tar-without-end":
                return bundle.File("a.txt").TarGz(end: false);
            case "gzip-trailer-cut":
                return bundle.File("a.txt", new string('a', 5000)).TarGz()[..^4];
            case "gzip-half":
                var whole = bundle.File("noise.bin", Convert.ToBase64String(RandomBytes(20_000))).TarGz();
                return whole[..(whole.Length / 2)];
            case "gzip-garbage-after":
                return [.. bundle.File("a.txt").TarGz(), .. "garbage after the gzip stream"u8.ToArray()];
            case "gzip-crc-wrong":
                var gz = bundle.File("a.txt", "some content").TarGz();
                gz[^6] ^= 0xFF;
                return gz;
            case "data-after-end":
                return CraftedBundle.Gzip([.. bundle.File("a.txt").Tar(), .. "hidden after the end"u8.ToArray(), .. new byte[492]]);
            case "tar-checksum-wrong":
                var tar = bundle.File("a.txt").Tar();
                tar[0] ^= 0x01;
                return CraftedBundle.Gzip(tar);
            case "pax-bomb":
                // Declares a 2 GB PAX header and sends none of it: a reader that trusted the size would allocate it.
                return CraftedBundle.Gzip(bundle.Raw("PaxHeaders/x", 'x', 2_147_000_000).Tar(end: false));
            case "gnu-long-name-bomb":
                return CraftedBundle.Gzip(bundle.Raw("././@LongLink", 'L', MetadataLimitBytes + 1, new byte[MetadataLimitBytes + 1]).Tar());
            case "two-pax-headers":
                var record = "12 path=abc\n"u8.ToArray();
                return CraftedBundle.Gzip(bundle.Raw("PaxHeaders/a", 'x', record.Length, record).Raw("PaxHeaders/b", 'x', record.Length, record).Tar());
            case "empty-name":
                return CraftedBundle.Gzip(bundle.File("ok.txt").Raw("", '0', 0).Tar());
            case "dot":
                return bundle.File(".").TarGz();
            case "long-name":
                return bundle.File(new string('n', 5000)).TarGz();
            case "file-then-inside":
                return bundle.File("x").File("x/y").TarGz();
            case "inside-then-file":
                return bundle.File("x/y").File("x").TarGz();
            case "symlink":
                return bundle.Entry(new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = "/etc/passwd" }).TarGz();
            case "symlink-then-through":
                return bundle.Entry(new PaxTarEntry(TarEntryType.SymbolicLink, "escape") { LinkName = "/tmp" }).File("escape/jobhub-evil.sh").TarGz();
            case "hardlink":
                return bundle.File("a.txt").Entry(new PaxTarEntry(TarEntryType.HardLink, "hard") { LinkName = "/etc/passwd" }).TarGz();
            case "fifo":
                return bundle.Entry(new PaxTarEntry(TarEntryType.Fifo, "pipe")).TarGz();
            case "device":
                return bundle.Entry(new PaxTarEntry(TarEntryType.CharacterDevice, "null") { DeviceMajor = 1, DeviceMinor = 3 }).TarGz();
            case "sparse":
                var attributes = new Dictionary<string, string> { ["GNU.sparse.major"] = "1", ["GNU.sparse.minor"] = "0", ["GNU.sparse.realsize"] = "1000000000", ["GNU.sparse.name"] = "holes" };
                return bundle.Entry(new PaxTarEntry(TarEntryType.RegularFile, "GNUSparseFile.0/holes", attributes) { DataStream = new MemoryStream("1\n0\n1\nx"u8.ToArray()) }).TarGz();
            case "absolute":
                return bundle.File("ok.txt").File("/tmp/jobhub-evil.sh").TarGz();
            case "dot-dot":
                return bundle.File("ok.txt").File("../evil.sh").TarGz();
            case "backslash":
                return bundle.File("..\\evil.sh").TarGz();
            case "nul":
                return bundle.File("a\0b").TarGz();
            case "control":
                return bundle.File("bell\u0007.txt").TarGz();
            case "duplicate":
                return bundle.File("run.sh", "first").File("run.sh", "second").TarGz();
            case "not-an-archive":
                return Encoding.UTF8.GetBytes("#!/bin/sh\necho this is a script, not an archive\n");
            case "truncated-gzip":
                return bundle.File("run.sh", new string('e', 4000)).TarGz()[..^5];
            case "truncated-tar":
                return CraftedBundle.Gzip(bundle.File("run.sh", new string('e', 4000)).Tar()[..2500]);
            case "inner-dot-dot":
                return bundle.File("a/../../escape.sh").TarGz();
            case "too-deep":
                return bundle.File(string.Join('/', Enumerable.Repeat("d", 65))).TarGz();
            case "long-segment":
                return bundle.File("dir/" + new string('s', 256)).TarGz();
            case "too-many-entries":
                // Each entry is 64 names deep under its own top folder: 64 files and folders, in one 512-byte header.
                using (var many = new CraftedBundle(TarEntryFormat.Ustar, CompressionLevel.SmallestSize))
                {
                    var nested = string.Concat(Enumerable.Repeat("a/", 62));
                    for (var i = 0; i <= 100_000 / 64; i++)
                    {
                        many.Entry(new UstarTarEntry(TarEntryType.RegularFile, $"{i:x}/{nested}f"));
                    }

                    return many.TarGz();
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such archive");
        }
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(7).NextBytes(bytes);
        return bytes;
    }
}
