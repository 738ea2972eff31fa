namespace JobHub.Runtime.Tests;

/// <summary>
/// Tests that measure time (failure detectors, batching under a burst, back-pressure) run on their
/// own: on a 2-core machine other test classes running beside them would starve them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial (timing-sensitive)";
}
