using JobHub.Runtime.Core;

namespace JobHub.Runtime.Timers;

/// <summary>One tick of a grain timer, admitted like a request (unless the timer interleaves).</summary>
internal sealed class TimerTick(GrainTimer timer) : Turn
{
    public override bool Interleaves => timer.Options.Interleave;

    public Task Run()
    {
        try
        {
            return timer.InvokeAsync();
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    public void Completed() => timer.TickCompleted();
}
