using System.Collections.Immutable;
using Orleans;

namespace JobHub.GrainInterfaces.Datasets;

/// <summary>
/// The list of public datasets across users (one activation, key <see cref="Key"/>), kept by the owners' grains so
/// <c>GET /api/v1/datasets?public=true</c> can page through them. It holds only <c>owner/name</c> keys; the owner's grain
/// stays the truth (a key whose dataset is no longer public is skipped when read).
/// </summary>
[Alias("jobhub.IPublicDatasetsGrain")]
public interface IPublicDatasetsGrain : IGrainWithStringKey
{
    /// <summary>The one key this grain is used with.</summary>
    public const string Key = "all";

    /// <summary>Adds (<paramref name="isPublic"/>) or removes <c>owner/name</c>; repeating a call changes nothing.</summary>
    Task Set(string owner, string name, bool isPublic);

    /// <summary>Up to <paramref name="limit"/> keys (<c>owner/name</c>) after <paramref name="after"/> in ordinal order.</summary>
    Task<ImmutableArray<string>> Page(string? after, int limit);
}
