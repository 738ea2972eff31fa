using System.Collections.Immutable;
using JobHub.Contracts.Datasets;
using JobHub.GrainInterfaces.Datasets;
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
        var stored = new DatasetInfo(owner, upload.Name, upload.SizeBytes, upload.Sha256, old?.CreatedAt ?? now, now, upload.Visibility ?? old?.Visibility ?? DatasetVisibility.Private);
        Datasets[upload.Name] = stored;
        await state.WriteOrDeactivateAsync(this);

        // Only now is the new content the dataset's: the replaced content was readable until this point.
        if (old is not null && old.Sha256 != stored.Sha256)
        {
            await ReleaseAsync(old.Sha256);
        }

        if (stored.Visibility == DatasetVisibility.Public || old?.Visibility == DatasetVisibility.Public)
        {
            await PublicList.Set(owner, stored.Name, stored.Visibility == DatasetVisibility.Public);
        }

        LogStored(logger, owner, stored.Name, stored.SizeBytes, stored.Sha256);
        await audit.AppendAsync(new AuditRecord(owner, "dataset.upload", Key(stored.Name), "ok", $"{(old is null ? "created" : "replaced")}, {stored.SizeBytes} bytes, sha256 {stored.Sha256}, {Word(stored.Visibility)}"));
        return new DatasetCommitResult(stored, old is null);
    }

    /// <inheritdoc />
    public Task<DatasetInfo?> Get(string name, string reader) =>
        Task.FromResult(Datasets.TryGetValue(name ?? string.Empty, out var info) && MayRead(info, reader) ? info : null);

    /// <inheritdoc />
    public Task<ImmutableArray<DatasetInfo>> List(string reader) =>
        Task.FromResult(Datasets.Values.Where(d => MayRead(d, reader)).OrderBy(d => d.Name, StringComparer.Ordinal).ToImmutableArray());

    /// <inheritdoc />
    public async Task<DatasetInfo> SetVisibility(string name, DatasetVisibility visibility, string actor)
    {
        var info = await OwnedAsync(name, actor, "dataset.visibility", "change the visibility of");
        var changed = info with { Visibility = visibility, UpdatedAt = info.Visibility == visibility ? info.UpdatedAt : time.GetUtcNow() };
        if (changed != info)
        {
            Datasets[name] = changed;
            await state.WriteOrDeactivateAsync(this);
        }

        await PublicList.Set(Owner, name, visibility == DatasetVisibility.Public);
        await audit.AppendAsync(new AuditRecord(actor, "dataset.visibility", Key(name), "ok", $"{Word(info.Visibility)} → {Word(visibility)}"));
        return changed;
    }

    /// <inheritdoc />
    public async Task Delete(string name, string actor)
    {
        var info = await OwnedAsync(name, actor, "dataset.delete", "delete");
        Datasets.Remove(name);
        await state.WriteOrDeactivateAsync(this);
        await ReleaseAsync(info.Sha256);
        if (info.Visibility == DatasetVisibility.Public)
        {
            await PublicList.Set(Owner, name, isPublic: false);
        }

        await audit.AppendAsync(new AuditRecord(actor, "dataset.delete", Key(name), "ok", $"{info.SizeBytes} bytes, sha256 {info.Sha256}"));
    }

    /// <inheritdoc />
    public Task<DatasetUsage> GetUsage() =>
        Task.FromResult(new DatasetUsage(Owner, Datasets.Count, UsedBytes(), options.Value.QuotaFor(Owner), options.Value.MaxDatasetBytes));

    private IPublicDatasetsGrain PublicList => GrainFactory.GetGrain<IPublicDatasetsGrain>(IPublicDatasetsGrain.Key);

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

        throw exists && info!.Visibility == DatasetVisibility.Public
            ? new DatasetAccessDeniedException(Key(name!), actor, verb)
            : new DatasetNotFoundException(Key(name ?? string.Empty), "name");
    }

    private bool MayRead(DatasetInfo info, string reader) =>
        info.Visibility == DatasetVisibility.Public || string.Equals(reader, Owner, StringComparison.Ordinal);

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

    private static string Word(DatasetVisibility visibility) => visibility == DatasetVisibility.Public ? "public" : "private";

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
