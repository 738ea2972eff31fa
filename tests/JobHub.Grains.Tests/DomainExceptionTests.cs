using System.Reflection;
using JobHub.Grains.Jobs;
using JobHub.Runtime;

namespace JobHub.Grains.Tests;

/// <summary>
/// The REST error mapping (silo/Api/JobExceptionHandler) switches on these types, so a call answered by
/// another silo must bring them back as themselves, with their data. The runtime does that for
/// [PortableException] types through a public constructor whose parameters match public properties by
/// name (or are the message); this checks every domain exception keeps to that shape.
/// </summary>
public sealed class DomainExceptionTests
{
    [Fact]
    public void EveryDomainException_IsPortable_AndRebuildableFromItsProperties()
    {
        var exceptions = typeof(JobNotFoundException).Assembly.GetTypes().Where(t => typeof(Exception).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        Assert.Contains(typeof(JobSpecRejectedException), exceptions);

        foreach (var type in exceptions)
        {
            Assert.True(type.IsDefined(typeof(PortableExceptionAttribute)), $"{type.Name} is not [PortableException]: across silos it would arrive as a RemoteGrainException.");
            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            Assert.Contains(type.GetConstructors(), c => c.GetParameters().All(p => properties.Contains(p.Name!) || p.Name == "message"));
        }
    }
}
