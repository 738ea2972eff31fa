using JobHub.Storage.Postgres.Tests.Infrastructure;
using Orleans.Placement;

namespace JobHub.Storage.Postgres.Tests.Grains;

/// <summary>Activates on the silo that calls it, so a test knows which silo wrote the state.</summary>
[PreferLocalPlacement]
[GrainType("jobhub-tests-persistent")]
public sealed class PersistentTestGrain(
    [PersistentState("e2e-state", TestSilo.BatchedStorage)] IPersistentState<TestGrainState> state) : Grain, IPersistentTestGrain, IRemindable
{
    public const string ReminderName = "e2e-reminder";

    public async Task<GrainReport> SetAsync(string value)
    {
        state.State.Value = value;
        state.State.Counter++;
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));
        return Report();
    }

    public Task<GrainReport> GetAsync() => Task.FromResult(Report());

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    private GrainReport Report() => new(state.State.Value, RuntimeIdentity, state.Etag);
}
