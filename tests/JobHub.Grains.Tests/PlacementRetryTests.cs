using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Tests;

/// <summary>
/// A submission whose placement cannot reach the node pool (a silo failing over, a stale pool activation stepping
/// aside) is still accepted: the job is durable, waits, and is placed and run once the pool answers again.
/// </summary>
public sealed class PlacementRetryTests : IAsyncLifetime
{
    private readonly FailingReservations _failures = new();
    private JobsHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await JobsHost.StartAsync(silo: s => s.Services.AddSingleton(_failures).AddSingleton<IIncomingGrainCallFilter>(_failures));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task SubmitWhosePlacementFails_IsAccepted_AndRunsOnceThePoolAnswers()
    {
        _failures.Remaining = 2;

        var (jobId, submitted) = await _host.SubmitAsync(JobsHost.Shell("echo placed late"));

        Assert.Equal(JobState.Submitted, submitted.State);
        var info = await _host.WaitForStateAsync(jobId, JobState.Completed);
        Assert.True(_failures.Remaining < 0, "both failures were used, and a later reservation got through");
        Assert.Equal(["placed late"], (await _host.Logs.ReadAsync(jobId, 0, 10)).Select(e => e.Text));
        Assert.Contains(info.History, t => t.State == JobState.Running);
    }

    /// <summary>Fails the pool's next <see cref="Remaining"/> reservations the way an unreachable silo does.</summary>
    private sealed class FailingReservations : IIncomingGrainCallFilter
    {
        private int _remaining;

        public int Remaining
        {
            get => Volatile.Read(ref _remaining);
            set => Volatile.Write(ref _remaining, value);
        }

        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.Grain is INodePoolGrain && context.MethodName == nameof(INodePoolGrain.Reserve) && Interlocked.Decrement(ref _remaining) >= 0)
            {
                throw new SiloUnavailableException("test: the pool's silo is unreachable");
            }

            return context.Invoke();
        }
    }
}
