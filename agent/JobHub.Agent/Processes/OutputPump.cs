using System.Text;
using Microsoft.Extensions.Logging;

namespace JobHub.Agent.Processes;

/// <summary>
/// Reads a process's stdout and stderr concurrently, line by line, into a sink. After the process
/// exited, <see cref="DrainAsync"/> waits for both streams to reach end of file, but at most the drain
/// timeout: a child that inherited the pipes and outlived the process would otherwise hold them open.
/// </summary>
internal sealed partial class OutputPump : IDisposable
{
    private readonly ProcessLabel _label;
    private readonly ILogLineSink _sink;
    private readonly int _maxLineLength;
    private readonly TimeSpan _drainTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _cancellation = new();
    private Task _readers = Task.CompletedTask;

    public OutputPump(ProcessLabel label, ILogLineSink sink, int maxLineLength, TimeSpan drainTimeout, TimeProvider timeProvider, ILogger logger)
    {
        _label = label;
        _sink = sink;
        _maxLineLength = maxLineLength;
        _drainTimeout = drainTimeout;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Starts reading the process's stdout and stderr (UTF-8).</summary>
    public void Start(Stream standardOutput, Stream standardError)
    {
        var stdout = new StreamReader(standardOutput, Encoding.UTF8);
        var stderr = new StreamReader(standardError, Encoding.UTF8);
        _readers = Task.WhenAll(
            Task.Run(() => PumpAsync(stdout, LogStreamKind.StandardOutput)),
            Task.Run(() => PumpAsync(stderr, LogStreamKind.StandardError)));
    }

    public async Task DrainAsync(ProcessLabel label)
    {
        try
        {
            await _readers.WaitAsync(_drainTimeout, _timeProvider);
        }
        catch (TimeoutException)
        {
            LogDrainTimedOut(_logger, label, _drainTimeout);
            await _cancellation.CancelAsync();
        }
    }

    public void Dispose() => _cancellation.Dispose();

    private async Task PumpAsync(TextReader reader, LogStreamKind stream)
    {
        var sinkFailed = false;
        try
        {
            await LogLineReader.PumpAsync(reader, _maxLineLength, EmitAsync, _cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            // Drain timeout: the rest of this stream is dropped.
        }
        catch (IOException ex)
        {
            LogReadFailed(_logger, ex, _label, stream);
        }

        async ValueTask EmitAsync(string text, bool continuation)
        {
            var line = new LogLine(_timeProvider.GetUtcNow(), _label, stream, text, continuation);
            try
            {
                await _sink.WriteAsync(line, _cancellation.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Keep reading so the process never blocks on a full pipe; report the first failure only.
                if (!sinkFailed)
                {
                    sinkFailed = true;
                    LogSinkFailed(_logger, ex, _label, stream);
                }
            }
        }
    }

    [LoggerMessage(EventId = 1111, Level = LogLevel.Warning, Message = "Output of {Process} was still open {DrainTimeout} after it exited (a child process keeps the pipe); the rest is dropped")]
    private static partial void LogDrainTimedOut(ILogger logger, ProcessLabel process, TimeSpan drainTimeout);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Warning, Message = "Reading {Stream} of {Process} failed")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, ProcessLabel process, LogStreamKind stream);

    [LoggerMessage(EventId = 1113, Level = LogLevel.Error, Message = "The log sink rejected a {Stream} line of {Process}; further failures of this stream are not logged")]
    private static partial void LogSinkFailed(ILogger logger, Exception exception, ProcessLabel process, LogStreamKind stream);
}
