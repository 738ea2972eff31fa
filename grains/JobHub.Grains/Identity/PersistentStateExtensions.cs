using Orleans.Runtime;

namespace JobHub.Grains.Identity;

/// <summary>How the identity grains save their state.</summary>
internal static class PersistentStateExtensions
{
    /// <summary>
    /// Writes <paramref name="state"/>. A write that fails (a stale ETag: another activation wrote meanwhile; or the
    /// store is down) deactivates <paramref name="grain"/>, so its next call reads the state afresh instead of acting
    /// on what it holds in memory; the failure goes to the caller, and nothing it asked for is kept.
    /// </summary>
    public static async Task WriteOrDeactivateAsync<T>(this IPersistentState<T> state, IGrainBase grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
