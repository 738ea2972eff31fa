using Microsoft.Extensions.Logging;
using Npgsql;

namespace JobHub.Grains.Logs;

/// <summary>
/// Wakes this silo's log followers when any silo appends to a job's log: one connection LISTENs on
/// <see cref="Channel"/> (payload: the job id) and pulses the store's <see cref="LogAppendSignal"/>. It starts with
/// the first follower and reconnects with backoff after a failure; polling stays the fallback meanwhile, and once
/// listening again it wakes every follower, since notifications sent while it was disconnected are lost.
/// </summary>
internal sealed partial class PostgresLogListener(NpgsqlDataSource dataSource, LogAppendSignal signal, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    /// <summary>The notification channel appends notify (shared by every schema of a database: a stray wake-up only costs a read).</summary>
    public const string Channel = "jobhub_job_logs";

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ListenWait = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private Task? _loop;

    /// <summary>
    /// Starts listening (once) and waits until the first LISTEN is in place, so a follower that reads next misses no
    /// notification. Gives up waiting after a few seconds or when cancelled: followers then rely on polling.
    /// </summary>
    public async Task EnsureListeningAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _loop ??= Task.Run(RunAsync, CancellationToken.None);
        }

        try
        {
            await _listening.Task.WaitAsync(ListenWait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Not listening yet (database slow or down) or the follower went away: polling covers both.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task? loop;
        lock (_gate)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var backoff = FirstBackoff;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(_stopping.Token).ConfigureAwait(false);
                connection.Notification += (_, e) => signal.Pulse(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel};", connection))
                {
                    await listen.ExecuteNonQueryAsync(_stopping.Token).ConfigureAwait(false);
                }

                if (!_listening.TrySetResult())
                {
                    // Listening again after a failure: appends notified meanwhile were missed, so every follower
                    // reads once now instead of at its next poll.
                    signal.PulseAll();
                }

                backoff = FirstBackoff;
                while (true)
                {
                    await connection.WaitAsync(_stopping.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogListenFailed(logger, ex, backoff);
            }

            try
            {
                await Task.Delay(backoff, time, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "Listening for job log appends of other silos failed; trying again in {Backoff} (followers poll meanwhile)")]
    private static partial void LogListenFailed(ILogger logger, Exception exception, TimeSpan backoff);
}
