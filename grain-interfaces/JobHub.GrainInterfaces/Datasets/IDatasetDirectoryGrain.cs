using System.Collections.Immutable;
using Orleans;

namespace JobHub.GrainInterfaces.Datasets;

/// <summary>
/// A list of datasets across users, kept by the owners' grains so that a listing can page through them: key
/// <see cref="PublicKey"/> lists the public datasets (<c>GET /api/v1/datasets?public=true</c>), <see cref="ProjectKey"/>
/// those shared with one project (<c>?project={name}</c>). It holds only <c>owner/name</c> keys; the owner's grain stays
/// the truth (a key whose dataset no longer belongs in the list is skipped when read).
/// </summary>
/// <remarks>The alias is the one this list had when it held public datasets only, so its stored state still loads.</remarks>
[Alias("jobhub.IPublicDatasetsGrain")]
public interface IDatasetDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The key of the list of public datasets.</summary>
    public const string PublicKey = "all";

    /// <summary>The key of the list of datasets shared with <paramref name="project"/>.</summary>
    public static string ProjectKey(string project) => "project:" + project;

    /// <summary>Adds (<paramref name="listed"/>) or removes <c>owner/name</c>; repeating a call changes nothing.</summary>
    Task Set(string owner, string name, bool listed);

    /// <summary>Up to <paramref name="limit"/> keys (<c>owner/name</c>) after <paramref name="after"/> in ordinal order.</summary>
    Task<ImmutableArray<string>> Page(string? after, int limit);
}
