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

    /// <summary>
    /// The dataset when <paramref name="reader"/> may read it (its owner; anyone when it is public; a member of the project it
    /// is shared with); null otherwise, also when there is none.
    /// </summary>
    Task<DatasetInfo?> Get(string name, string reader);

    /// <summary>
    /// The dataset when a job of <paramref name="submitter"/> running in <paramref name="project"/> (null: in none) may name
    /// it: the submitter's own, a public one, or one shared with that very project (projects scope what a job reaches: a
    /// member's job outside the project does not); null otherwise.
    /// </summary>
    Task<DatasetInfo?> GetForJob(string name, string submitter, string? project);

    /// <summary>The datasets <paramref name="reader"/> may read, by name: all of them for the owner, the public ones and those shared with the reader's projects for others.</summary>
    Task<ImmutableArray<DatasetInfo>> List(string reader);

    /// <summary>
    /// Makes the dataset private, public, or shared with <paramref name="project"/> (required for
    /// <see cref="DatasetVisibility.Project"/>, null otherwise); owner only, who must be a member of that project; audited.
    /// </summary>
    /// <exception cref="DatasetNotFoundException">There is none, or it is not readable by <paramref name="actor"/>, who is not its owner.</exception>
    /// <exception cref="DatasetAccessDeniedException">It is readable by <paramref name="actor"/>, who is not its owner.</exception>
    /// <exception cref="Identity.IdentityInputRejectedException">Field <c>project</c>: missing or malformed with <see cref="DatasetVisibility.Project"/>, or given without it.</exception>
    /// <exception cref="Projects.ProjectNotFoundException">There is no such project.</exception>
    /// <exception cref="Identity.IdentityAccessDeniedException">The owner is not a member of the project.</exception>
    Task<DatasetInfo> SetVisibility(string name, DatasetVisibility visibility, string? project, string actor);

    /// <summary>
    /// Makes private every dataset of this owner shared with the project <paramref name="project"/> created at
    /// <paramref name="createdAt"/> (the project is being deleted); answers how many. Shares with a later project of that
    /// name are left alone.
    /// </summary>
    Task<int> Unshare(string project, DateTimeOffset createdAt);

    /// <summary>Deletes the dataset and, when no other dataset of the owner has the same content, its content (owner only; audited).</summary>
    /// <exception cref="DatasetNotFoundException">There is none, or it is not readable by <paramref name="actor"/>, who is not its owner.</exception>
    /// <exception cref="DatasetAccessDeniedException">It is readable by <paramref name="actor"/>, who is not its owner.</exception>
    Task Delete(string name, string actor);

    /// <summary>The owner's usage and quota.</summary>
    Task<DatasetUsage> GetUsage();
}
