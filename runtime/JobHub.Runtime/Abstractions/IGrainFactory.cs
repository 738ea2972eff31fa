namespace JobHub.Runtime;

/// <summary>Hands out typed references to grains and observer objects. References are cheap and never activate anything by themselves.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey;

    TGrainInterface GetGrain<TGrainInterface>(Guid key)
        where TGrainInterface : IGrainWithGuidKey;

    /// <summary>A reference to an existing grain identity, typed as any interface that grain implements.</summary>
    TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IGrain;

    /// <summary>Makes <paramref name="observer"/> callable by grains through the returned reference, until deleted.</summary>
    TObserver CreateObjectReference<TObserver>(IGrainObserver observer)
        where TObserver : IGrainObserver;

    /// <summary>Stops delivering calls to the object behind <paramref name="reference"/>; later calls fail.</summary>
    void DeleteObjectReference<TObserver>(TObserver reference)
        where TObserver : IGrainObserver;
}
