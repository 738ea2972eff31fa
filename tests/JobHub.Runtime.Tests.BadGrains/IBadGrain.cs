using JobHub.Runtime;

namespace JobHub.Runtime.Tests.BadGrains;

/// <summary>Each member breaks one rule of grain interfaces.</summary>
public interface IBadGrain : IGrainWithStringKey
{
    int ReturnsPlainInt();

    Task TakesRef(ref int value);

    Task<T> Generic<T>();

    string Name { get; }
}
