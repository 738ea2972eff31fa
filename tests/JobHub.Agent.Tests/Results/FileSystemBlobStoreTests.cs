using System.Text;
using JobHub.Agent.Results;
using JobHub.Agent.Tests.Infrastructure;

namespace JobHub.Agent.Tests.Results;

public sealed class FileSystemBlobStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Store_PutListReadDeleteRoundTrip()
    {
        var store = new FileSystemBlobStore(_folder.Path);
        await store.PutAsync("jobs/1/a", new MemoryStream(Encoding.UTF8.GetBytes("one")));
        await store.PutAsync("jobs/10/a", new MemoryStream(Encoding.UTF8.GetBytes("ten")));

        Assert.Equal([new BlobInfo("jobs/1/a", 3)], await store.ListAsync("jobs/1"));
        await using (var stream = await store.OpenReadAsync("jobs/10/a"))
        {
            Assert.NotNull(stream);
            Assert.Equal("ten", await new StreamReader(stream).ReadToEndAsync());
        }

        Assert.Equal(1, await store.DeletePrefixAsync("jobs/1"));
        Assert.Empty(await store.ListAsync("jobs/1"));
        Assert.Single(await store.ListAsync("jobs/10"));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("")]
    public async Task Store_InvalidKeysAreRefused(string key)
    {
        var store = new FileSystemBlobStore(_folder.Path);

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, new MemoryStream()));
    }
}
