namespace JobHub.Agent.Results;

/// <summary>The result of a results upload: every file stored, or none and the reason.</summary>
public sealed record ResultsUploadOutcome
{
    private ResultsUploadOutcome(bool accepted, IReadOnlyList<StoredResultFile> files, long totalBytes, string? refusalReason)
    {
        Accepted = accepted;
        Files = files;
        TotalBytes = totalBytes;
        RefusalReason = refusalReason;
    }

    /// <summary>True when every file was stored; false when nothing was kept.</summary>
    public bool Accepted { get; }

    /// <summary>The stored files ordered by relative path; empty when refused.</summary>
    public IReadOnlyList<StoredResultFile> Files { get; }

    /// <summary>Bytes stored, or (when refused for size) bytes found.</summary>
    public long TotalBytes { get; }

    /// <summary>Why the upload was refused, in words for the job's owner; null when accepted.</summary>
    public string? RefusalReason { get; }

    internal static ResultsUploadOutcome Stored(IReadOnlyList<StoredResultFile> files) => new(true, files, files.Sum(file => file.Size), null);

    internal static ResultsUploadOutcome Refused(string reason, long totalBytes = 0) => new(false, [], totalBytes, reason);
}
