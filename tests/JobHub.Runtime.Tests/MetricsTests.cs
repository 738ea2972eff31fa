using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using JobHub.Runtime.Diagnostics;
using JobHub.Runtime.Tests.Grains;
using JobHub.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Runtime.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task Snapshot_CountsCallsFailuresAndActivationsByType()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await silo.Grains.GetGrain<ICounterGrain>($"c{i}").Increment();
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Grains.GetGrain<ICounterGrain>("c0").Throw("x"));
        await silo.Grains.GetGrain<IGuidGrain>(Guid.NewGuid()).Touch();

        var stats = silo.Services.GetRequiredService<RuntimeInstruments>().Snapshot();

        Assert.Equal(5, stats.Calls);
        Assert.Equal(1, stats.FailedCalls);
        Assert.Equal(3, stats.ActivationsByType["counter"]);
        Assert.Equal(1, stats.ActivationsByType["guid"]);
        Assert.True(stats.CallLatencyP99Milliseconds >= stats.CallLatencyP50Milliseconds);
        Assert.True(stats.CallLatencyP50Milliseconds > 0);
    }

    [Fact]
    public async Task Meter_PublishesCallsDurationAndActivations()
    {
        var measurements = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RuntimeInstruments.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, _, _) => measurements.AddOrUpdate(i.Name, value, (_, old) => old + value));
        listener.SetMeasurementEventCallback<double>((i, value, _, _) => measurements.AddOrUpdate(i.Name, 1, (_, old) => old + 1));
        listener.Start();
        await using var silo = await RuntimeTestSilo.StartAsync();

        await silo.Grains.GetGrain<ICounterGrain>("m").Increment();
        await silo.Grains.GetGrain<ICounterGrain>("m").Increment();
        listener.RecordObservableInstruments();

        Assert.True(measurements.GetValueOrDefault("jobhub.runtime.calls") >= 2);
        Assert.True(measurements.GetValueOrDefault("jobhub.runtime.call.duration") >= 2);
        Assert.True(measurements.GetValueOrDefault("jobhub.runtime.activations") >= 1);
    }
}
