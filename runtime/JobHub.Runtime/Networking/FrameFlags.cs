namespace JobHub.Runtime.Networking;

/// <summary>
/// Per-frame bits passed through to the receiving handler untouched (16 bits on the wire). The transport
/// itself does not interpret them; the runtime above decides what they mean.
/// </summary>
[Flags]
public enum FrameFlags : ushort
{
    None = 0,

    /// <summary>A runtime-internal message (membership probe, directory traffic) rather than a grain call.</summary>
    System = 1,

    /// <summary>The call may interleave with other calls on the target activation.</summary>
    AlwaysInterleave = 2,

    /// <summary>The call does not change state.</summary>
    ReadOnly = 4,
}
