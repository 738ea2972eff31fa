using System.Collections.Immutable;
using JobHub.Contracts.Datasets;
using Orleans;

namespace JobHub.GrainInterfaces.Datasets;

/// <summary>
/// One user's datasets (key: the owner's user name): their metadata, the quota they count against, and who may read
/// them. The content lives in the shared blob folder under names the grain derives from the owner and the SHA-256,
/// never from user text. One activation per owner decides every upload of that owner, so two uploads cannot both slip
/// under the quota.
/// </summary>
[Alias("jobhub.IDatasetOwnerGrain")]
public interface IDatasetOwnerGrain : IGrainWithStringKey
{
    /// <summary>How many bytes an upload of <paramref name="name"/> may send now (a replaced dataset's bytes count as free).</summary>
    Task<DatasetAllowance> GetAllowance(string name);

    /// <summary>
    /// Stores a received upload (<see cref="DatasetUpload.IncomingId"/>, already hashed) as <see cref="DatasetUpload.Name"/>,
    /// replacing the content of a dataset of that name; the replaced content stays readable until this call stores the new one.
    /// </summary>
    /// <exception cref="DatasetQuotaExceededException">It does not fit; the received file was removed and nothing changed.</exception>
    Task<DatasetCommitResult> Commit(DatasetUpload upload);

    /// <summary>The dataset when <paramref name="reader"/> may read it (its owner, or anyone when it is public); null otherwise, also when there is none.</summary>
    Task<DatasetInfo?> Get(string name, string reader);

    /// <summary>The datasets <paramref name="reader"/> may read, by name: all of them for the owner, the public ones for others.</summary>
    Task<ImmutableArray<DatasetInfo>> List(string reader);

    /// <summary>Makes the dataset private or public (owner only; audited).</summary>
    /// <exception cref="DatasetNotFoundException">There is none, or it is private and <paramref name="actor"/> is not its owner.</exception>
    /// <exception cref="DatasetAccessDeniedException">It is public and <paramref name="actor"/> is not its owner.</exception>
    Task<DatasetInfo> SetVisibility(string name, DatasetVisibility visibility, string actor);

    /// <summary>Deletes the dataset and, when no other dataset of the owner has the same content, its content (owner only; audited).</summary>
    /// <exception cref="DatasetNotFoundException">There is none, or it is private and <paramref name="actor"/> is not its owner.</exception>
    /// <exception cref="DatasetAccessDeniedException">It is public and <paramref name="actor"/> is not its owner.</exception>
    Task Delete(string name, string actor);

    /// <summary>The owner's usage and quota.</summary>
    Task<DatasetUsage> GetUsage();
}
