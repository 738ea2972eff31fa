using System.Collections.Immutable;
using JobHub.Contracts.Datasets;
using JobHub.Contracts.Projects;
using JobHub.GrainInterfaces.Datasets;
using JobHub.GrainInterfaces.Identity;
using JobHub.GrainInterfaces.Projects;
using JobHub.Grains.Audit;
using JobHub.Grains.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Datasets;

/// <summary>
/// One owner's datasets (<see cref="IDatasetOwnerGrain"/>). The grain is not reentrant, so an upload's quota check, the
/// move of its content into place, the state write and the release of replaced content happen as one step per owner.
/// File work runs on the thread pool, never in the grain's turn.
/// </summary>
[GrainType("datasets")]
internal sealed partial class DatasetOwnerGrain(
    IOptions<DatasetsOptions> options,
    DatasetContentStore store,
    IAuditLog audit,
    TimeProvider time,
    ILogger<DatasetOwnerGrain> logger,
    [PersistentState("datasets")] IPersistentState<DatasetOwnerState> state) : Grain, IDatasetOwnerGrain
{
    private string Owner => this.GetPrimaryKeyString();

    private Dictionary<string, DatasetInfo> Datasets => state.State.Datasets;

    /// <inheritdoc />
    public Task<DatasetAllowance> GetAllowance(string name)
    {
        ThrowIfBadName(name);
        return Task.FromResult(Allowance(name));
    }

    /// <inheritdoc />
    public async Task<DatasetCommitResult> Commit(DatasetUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ThrowIfBadName(upload.Name);
        if (!DatasetContentStore.IsIncomingId(upload.IncomingId) || !DatasetContentStore.IsSha256(upload.Sha256) || upload.SizeBytes < 0)
        {
            throw new ArgumentException("The upload's id, hash or size is malformed.", nameof(upload));
        }

        if (upload.Visibility == DatasetVisibility.Project)
        {
            throw new IdentityInputRejectedException("visibility", "an upload is private or public; share it with a project afterwards (PUT .../visibility)");
        }

        var allowance = Allowance(upload.Name);
        if (upload.SizeBytes > allowance.AllowedBytes)
        {
            await Task.Run(() => store.DeleteIncoming(upload.IncomingId));
            throw new DatasetQuotaExceededException(DatasetQuotaExceededException.Describe(upload.SizeBytes, allowance));
        }

        if (!Datasets.ContainsKey(upload.Name) && Datasets.Count >= options.Value.MaxDatasetsPerUser)
        {
            await Task.Run(() => store.DeleteIncoming(upload.IncomingId));
            throw new DatasetQuotaExceededException(
                $"Dataset refused: you have {Datasets.Count} datasets, the most one user may have ({options.Value.MaxDatasetsPerUser}, JobHub:Datasets:MaxDatasetsPerUser). Delete one first.");
        }

        var owner = Owner;
        await Task.Run(() => store.StoreIncoming(upload.IncomingId, owner, upload.Sha256));
        var now = time.GetUtcNow();
        var old = Datasets.GetValueOrDefault(upload.Name);
        var stored = upload.Visibility is { } wanted && wanted != old?.Visibility
            ? new DatasetInfo(owner, upload.Name, upload.SizeBytes, upload.Sha256, old?.CreatedAt ?? now, now, wanted)
            : new DatasetInfo(owner, upload.Name, upload.SizeBytes, upload.Sha256, old?.CreatedAt ?? now, now, old?.Visibility ?? DatasetVisibility.Private, old?.Project);
        if (stored.Visibility != DatasetVisibility.Project)
        {
            state.State.ProjectCreatedAt.Remove(upload.Name);
        }

        Datasets[upload.Name] = stored;
        await state.WriteOrDeactivateAsync(this);

        // Only now is the new content the dataset's: the replaced content was readable until this point.
        if (old is not null && old.Sha256 != stored.Sha256)
        {
            await ReleaseAsync(old.Sha256);
        }

        await ListAsync(old, stored);
        LogStored(logger, owner, stored.Name, stored.SizeBytes, stored.Sha256);
        await audit.AppendAsync(new AuditRecord(owner, "dataset.upload", Key(stored.Name), "ok", $"{(old is null ? "created" : "replaced")}, {stored.SizeBytes} bytes, sha256 {stored.Sha256}, {stored.DescribeVisibility()}"));
        return new DatasetCommitResult(stored, old is null);
    }

    /// <inheritdoc />
    public async Task<DatasetInfo?> Get(string name, string reader) =>
        Datasets.TryGetValue(name ?? string.Empty, out var info) && await MayReadAsync(info, reader) ? info : null;

    /// <inheritdoc />
    public async Task<DatasetInfo?> GetForJob(string name, string submitter, string? project)
    {
        if (!Datasets.TryGetValue(name ?? string.Empty, out var info))
        {
            return null;
        }

        var allowed = info.Visibility == DatasetVisibility.Public
            || string.Equals(submitter, Owner, StringComparison.Ordinal)
            || (info.Visibility == DatasetVisibility.Project && string.Equals(info.Project, project, StringComparison.Ordinal) && await ShareHoldsAsync(info));
        return allowed ? info : null;
    }

    /// <inheritdoc />
    public async Task<ImmutableArray<DatasetInfo>> List(string reader)
    {
        var readable = ImmutableArray.CreateBuilder<DatasetInfo>();
        foreach (var info in Datasets.Values.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            if (await MayReadAsync(info, reader))
            {
                readable.Add(info);
            }
        }

        return readable.ToImmutable();
    }

    /// <inheritdoc />
    public async Task<DatasetInfo> SetVisibility(string name, DatasetVisibility visibility, string? project, string actor)
    {
        var info = await OwnedAsync(name, actor, "dataset.visibility", "change the visibility of");
        var projectCreatedAt = await ShareableAsync(visibility, project, actor);
        var changed = info with { Visibility = visibility, Project = project };
        if (changed != info)
        {
            Datasets[name] = changed with { UpdatedAt = time.GetUtcNow() };
        }

        if (projectCreatedAt is { } createdAt)
        {
            state.State.ProjectCreatedAt[name] = createdAt;
        }
        else
        {
            state.State.ProjectCreatedAt.Remove(name);
        }

        await state.WriteOrDeactivateAsync(this);
        await ListAsync(info, Datasets[name]);
        await audit.AppendAsync(new AuditRecord(actor, "dataset.visibility", Key(name), "ok", $"{info.DescribeVisibility()} → {changed.DescribeVisibility()}"));
        return Datasets[name];
    }

    /// <inheritdoc />
    public async Task<int> Unshare(string project, DateTimeOffset createdAt)
    {
        var shared = Datasets.Values
            .Where(d => d.Visibility == DatasetVisibility.Project && d.Project == project && state.State.ProjectCreatedAt.GetValueOrDefault(d.Name) == createdAt)
            .ToList();
        if (shared.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        foreach (var info in shared)
        {
            Datasets[info.Name] = info with { Visibility = DatasetVisibility.Private, Project = null, UpdatedAt = now };
            state.State.ProjectCreatedAt.Remove(info.Name);
        }

        await state.WriteOrDeactivateAsync(this);
        foreach (var info in shared)
        {
            await ListAsync(info, Datasets[info.Name]);
            await audit.AppendAsync(new AuditRecord(Owner, "dataset.visibility", Key(info.Name), "ok", $"{info.DescribeVisibility()} → private (the project was deleted)"));
        }

        return shared.Count;
    }

    /// <inheritdoc />
    public async Task Delete(string name, string actor)
    {
        var info = await OwnedAsync(name, actor, "dataset.delete", "delete");
        Datasets.Remove(name);
        await state.WriteOrDeactivateAsync(this);
        state.State.ProjectCreatedAt.Remove(name);
        await ReleaseAsync(info.Sha256);
        await ListAsync(info, null);

        await audit.AppendAsync(new AuditRecord(actor, "dataset.delete", Key(name), "ok", $"{info.SizeBytes} bytes, sha256 {info.Sha256}"));
    }

    /// <inheritdoc />
    public Task<DatasetUsage> GetUsage() =>
        Task.FromResult(new DatasetUsage(Owner, Datasets.Count, UsedBytes(), options.Value.QuotaFor(Owner), options.Value.MaxDatasetBytes));

    private IDatasetDirectoryGrain Directory(string key) => GrainFactory.GetGrain<IDatasetDirectoryGrain>(key);

    /// <summary>Moves the dataset between the lists of public and project-shared datasets as its visibility changed from <paramref name="before"/> to <paramref name="after"/> (null: none).</summary>
    private async Task ListAsync(DatasetInfo? before, DatasetInfo? after)
    {
        var from = ListKey(before);
        var to = ListKey(after);
        if (from is not null && from != to)
        {
            await Directory(from).Set(Owner, before!.Name, listed: false);
        }

        if (to is not null)
        {
            await Directory(to).Set(Owner, after!.Name, listed: true);
        }
    }

    private static string? ListKey(DatasetInfo? info) => info?.Visibility switch
    {
        DatasetVisibility.Public => IDatasetDirectoryGrain.PublicKey,
        DatasetVisibility.Project => IDatasetDirectoryGrain.ProjectKey(info.Project!),
        _ => null,
    };

    /// <summary>The creation time of the project a dataset may be shared with (null for private and public), after checking the request and that <paramref name="actor"/> (the owner) is a member.</summary>
    private async Task<DateTimeOffset?> ShareableAsync(DatasetVisibility visibility, string? project, string actor)
    {
        if (visibility != DatasetVisibility.Project)
        {
            return project is null ? null : throw new IdentityInputRejectedException("project", $"a project is named only with the visibility 'project' (was '{visibility.ToString().ToLowerInvariant()}')");
        }

        if (ProjectNames.NameProblem(project) is { } problem)
        {
            throw new IdentityInputRejectedException("project", project is null ? "the visibility 'project' needs the project to share with" : problem);
        }

        var grain = GrainFactory.Project(project!);
        var found = await grain.Find() ?? throw new ProjectNotFoundException(project!);
        if (!await grain.IsMember(actor))
        {
            throw new IdentityAccessDeniedException(actor, $"share a dataset with project '{project}'", "only members of the project may share with it");
        }

        return found.CreatedAt;
    }

    /// <summary>True while the project a dataset was shared with still exists (not one created later under its name).</summary>
    private async Task<bool> ShareHoldsAsync(DatasetInfo info) =>
        info.Project is { } project
        && state.State.ProjectCreatedAt.TryGetValue(info.Name, out var createdAt)
        && await GrainFactory.Project(project).Find() is { } found
        && found.CreatedAt == createdAt;

    /// <summary>The dataset when <paramref name="actor"/> owns it; otherwise 404 for a private one (no leak), 403 for a public one; either way audited.</summary>
    private async Task<DatasetInfo> OwnedAsync(string name, string actor, string action, string verb)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        var exists = Datasets.TryGetValue(name ?? string.Empty, out var info);
        if (exists && string.Equals(actor, Owner, StringComparison.Ordinal))
        {
            return info!;
        }

        if (exists)
        {
            await audit.AppendAsync(new AuditRecord(actor, action, Key(name!), "denied", "not the owner"));
        }

        throw exists && await MayReadAsync(info!, actor)
            ? new DatasetAccessDeniedException(Key(name!), actor, verb)
            : new DatasetNotFoundException(Key(name ?? string.Empty), "name");
    }

    private async Task<bool> MayReadAsync(DatasetInfo info, string reader) =>
        info.Visibility == DatasetVisibility.Public
        || string.Equals(reader, Owner, StringComparison.Ordinal)
        || (info.Visibility == DatasetVisibility.Project && await ShareHoldsAsync(info) && await GrainFactory.Project(info.Project!).IsMember(reader));

    private DatasetAllowance Allowance(string name)
    {
        var used = UsedBytes();
        var replaced = Datasets.TryGetValue(name, out var old) ? old.SizeBytes : 0;
        var quota = options.Value.QuotaFor(Owner);
        var max = options.Value.MaxDatasetBytes;
        var allowed = Math.Max(0, Math.Min(max, quota - (used - replaced)));
        return new DatasetAllowance(allowed, used, quota, max, replaced);
    }

    private long UsedBytes() => Datasets.Values.Sum(d => d.SizeBytes);

    /// <summary>Deletes content no dataset of this owner has any more.</summary>
    private async Task ReleaseAsync(string sha256)
    {
        if (Datasets.Values.Any(d => d.Sha256 == sha256))
        {
            return;
        }

        var owner = Owner;
        try
        {
            await Task.Run(() => store.DeleteContent(owner, sha256));
        }
        catch (IOException ex)
        {
            LogReleaseFailed(logger, ex, owner, sha256);
        }
    }

    private string Key(string name) => $"{Owner}/{name}";

    private static void ThrowIfBadName(string name)
    {
        if (DatasetNames.NameProblem(name) is { } problem)
        {
            throw new ArgumentException(problem, nameof(name));
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Dataset {Owner}/{Name} stored: {SizeBytes} bytes, sha256 {Sha256}")]
    private static partial void LogStored(ILogger logger, string owner, string name, long sizeBytes, string sha256);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Could not delete released content {Sha256} of {Owner}'s datasets")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string owner, string sha256);
}
