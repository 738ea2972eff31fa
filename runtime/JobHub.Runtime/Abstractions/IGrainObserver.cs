namespace JobHub.Runtime;

/// <summary>
/// Marker for observer interfaces: objects outside the grain world (a client, an API request) that
/// grains notify. Create a reference with <see cref="IGrainFactory.CreateObjectReference{T}(IGrainObserver)"/>.
/// </summary>
public interface IGrainObserver : IGrain
{
}
