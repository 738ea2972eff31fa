using JobHub.Contracts.Datasets;
using JobHub.GrainInterfaces.Datasets;

namespace JobHub.Grains.Tests.Datasets;

/// <summary>One owner's datasets grain on a real silo with a real blob folder: quota, shared content, audit and the public list.</summary>
public sealed class DatasetOwnerGrainTests
{
    [Fact]
    public async Task CommitOverTheQuota_RemovesTheReceivedFile_AndChangesNothing()
    {
        await using var host = await DatasetsHost.StartAsync(o => o.UserQuotaBytes["tess"] = 1000);
        var tess = host.Grains.GetGrain<IDatasetOwnerGrain>("tess");
        await StoreAsync(host, tess, "first", 600);

        // The allowance let it start (e.g. two uploads at once), but when it completes the quota has no room.
        var received = await host.Store.ReceiveAsync(new MemoryStream(new byte[500]), long.MaxValue, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<DatasetQuotaExceededException>(() => tess.Commit(new DatasetUpload("second", received.IncomingId, received.Sha256, 500, null)));
        Assert.Contains("500 bytes", refused.Message, StringComparison.Ordinal);
        Assert.Contains("quota is 1000 bytes", refused.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(host.Store.IncomingDirectory));
        Assert.Equal(new DatasetUsage("tess", 1, 600, 1000, new Grains.Datasets.DatasetsOptions().MaxDatasetBytes), await tess.GetUsage());
        Assert.Null(await tess.Get("second", "tess"));
    }

    [Fact]
    public async Task SameContentUnderTwoNames_IsStoredOnce_AndRemovedWithTheLastOfThem()
    {
        await using var host = await DatasetsHost.StartAsync();
        var uma = host.Grains.GetGrain<IDatasetOwnerGrain>("uma");
        var a = await StoreAsync(host, uma, "a", 300);
        var b = await StoreAsync(host, uma, "b", 300);
        Assert.Equal(a.Sha256, b.Sha256);
        var file = host.Store.ContentPath("uma", a.Sha256);
        Assert.True(File.Exists(file));
        Assert.DoesNotContain("uma", file, StringComparison.Ordinal);

        await uma.Delete("a", "uma");
        Assert.True(File.Exists(file));
        await uma.Delete("b", "uma");
        Assert.False(File.Exists(file));
        Assert.Equal(0, (await uma.GetUsage()).UsedBytes);
    }

    [Fact]
    public async Task VisibilityChangesAndDeletes_AreAudited_RefusalsToo()
    {
        await using var host = await DatasetsHost.StartAsync();
        var vera = host.Grains.GetGrain<IDatasetOwnerGrain>("vera");
        await StoreAsync(host, vera, "shared", 10);
        await vera.SetVisibility("shared", DatasetVisibility.Public, null, "vera");
        Assert.Equal(["vera/shared"], (await host.Grains.GetGrain<IDatasetDirectoryGrain>(IDatasetDirectoryGrain.PublicKey).Page(null, 10)).ToArray());
        await Assert.ThrowsAsync<DatasetAccessDeniedException>(() => vera.Delete("shared", "walt"));
        await vera.SetVisibility("shared", DatasetVisibility.Private, null, "vera");
        await Assert.ThrowsAsync<DatasetNotFoundException>(() => vera.SetVisibility("shared", DatasetVisibility.Public, null, "walt"));
        await vera.Delete("shared", "vera");
        Assert.Empty(await host.Grains.GetGrain<IDatasetDirectoryGrain>(IDatasetDirectoryGrain.PublicKey).Page(null, 10));

        var entries = host.Audit.Entries.Select(e => e.Record).Where(r => r.Action != "dataset.upload").Select(r => $"{r.Actor} {r.Action} {r.Target} {r.Outcome}");
        Assert.Equal(
            [
                "vera dataset.visibility vera/shared ok", "walt dataset.delete vera/shared denied", "vera dataset.visibility vera/shared ok",
                "walt dataset.visibility vera/shared denied", "vera dataset.delete vera/shared ok",
            ],
            entries);
    }

    private static async Task<DatasetInfo> StoreAsync(DatasetsHost host, IDatasetOwnerGrain owner, string name, int size)
    {
        var received = await host.Store.ReceiveAsync(new MemoryStream(new byte[size]), long.MaxValue, CancellationToken.None);
        return (await owner.Commit(new DatasetUpload(name, received.IncomingId, received.Sha256, received.SizeBytes, null))).Dataset;
    }
}
