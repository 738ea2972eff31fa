namespace JobHub.Runtime.Tests.Grains;

public interface IGuidGrain : IGrainWithGuidKey
{
    Task<Guid> Key();

    ValueTask<string> KeyText();

    ValueTask Touch();
}
