namespace JobHub.Runtime;

/// <summary>A grain timer: volatile, runs its callback as a turn of the activation, ends with it. Dispose to stop.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes the due time and period of a running timer.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
