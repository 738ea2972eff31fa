namespace JobHub.Simulator.ThroughGrains;

/// <summary>
/// Narrows the process's thread pool to one thread for a run through the grains, and widens it again after. With one
/// pool thread the driver sees everything the silo has to run (<see cref="QuiescenceTracker.WaitAsync"/>), and grains'
/// turns run in the order they were queued, so a step ends the moment the silo stands still.
/// </summary>
/// <remarks>
/// Only for a process of its own (the simulator's command line): a test host or anything else sharing the pool would
/// starve. Blocking a pool thread on another pool item would dead-lock; JobHub's grains and Orleans' silo do not.
/// </remarks>
internal sealed class OnePoolThread : IDisposable
{
    private readonly int _workers;
    private readonly int _completionPorts;
    private readonly int _minWorkers;
    private readonly int _minCompletionPorts;

    private OnePoolThread()
    {
        ThreadPool.GetMaxThreads(out _workers, out _completionPorts);
        ThreadPool.GetMinThreads(out _minWorkers, out _minCompletionPorts);
    }

    /// <summary>Narrows the pool; null when the runtime refuses.</summary>
    public static OnePoolThread? TryEnter()
    {
        var previous = new OnePoolThread();
        if (ThreadPool.SetMinThreads(1, previous._minCompletionPorts) && ThreadPool.SetMaxThreads(1, previous._completionPorts))
        {
            return previous;
        }

        previous.Dispose();
        return null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ThreadPool.SetMaxThreads(_workers, _completionPorts);
        ThreadPool.SetMinThreads(_minWorkers, _minCompletionPorts);
    }
}
