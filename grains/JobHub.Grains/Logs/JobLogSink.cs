using System.Threading.Channels;
using JobHub.Agent.Processes;
using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Logs;

/// <summary>
/// Takes a process's log lines from the agent and appends them to the <see cref="IJobLogStore"/> in
/// batches, off the reading thread. <see cref="CompleteAsync"/> waits until every line is stored.
/// </summary>
internal sealed partial class JobLogSink : ILogLineSink
{
    private const int MaxBatch = 256;
    private readonly Channel<LogLine> _lines = Channel.CreateUnbounded<LogLine>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IJobLogStore _store;
    private readonly string _jobId;
    private readonly ILogger _logger;
    private readonly Task _pump;

    public JobLogSink(IJobLogStore store, string jobId, ILogger logger)
    {
        _store = store;
        _jobId = jobId;
        _logger = logger;
        _pump = Task.Run(PumpAsync);
    }

    public ValueTask WriteAsync(LogLine line, CancellationToken cancellationToken) => _lines.Writer.WriteAsync(line, cancellationToken);

    /// <summary>No more lines come; completes once every line was handed to the store.</summary>
    public Task CompleteAsync()
    {
        _lines.Writer.TryComplete();
        return _pump;
    }

    private async Task PumpAsync()
    {
        var batch = new List<LogLine>(MaxBatch);
        while (await _lines.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _lines.Reader.TryRead(out var line))
            {
                batch.Add(line);
            }

            try
            {
                await _store.AppendAsync(_jobId, batch.ToArray()).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogAppendFailed(_logger, ex, _jobId, batch.Count);
            }

            batch.Clear();
        }
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Error, Message = "Could not store {LineCount} log lines of job {JobId}; they are lost")]
    private static partial void LogAppendFailed(ILogger logger, Exception exception, string jobId, int lineCount);
}
