namespace JobHub.Runtime.Timers;

/// <summary>
/// Runs background work every period until disposed (the membership round, a client's view refresh).
/// A failed round is reported and the next one runs anyway: a passing outage must not stop the loop.
/// </summary>
internal sealed class PeriodicWork(TimeSpan period, TimeProvider time, Func<CancellationToken, Task> work, Action<Exception> onError) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public void Start() => _loop = RunAsync(_stop.Token);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await (_loop ?? Task.CompletedTask).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await work(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                onError(ex);
            }
        }
    }
}
