using JobHub.Agent.Processes;

namespace JobHub.Agent.Tests.Infrastructure;

/// <summary>A log sink that keeps every line and lets a test wait for a line, without polling.</summary>
public sealed class CollectingSink : ILogLineSink
{
    private readonly Lock _lock = new();
    private readonly List<LogLine> _lines = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<LogLine> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public IReadOnlyList<string> Texts(LogStreamKind stream) => Lines.Where(line => line.Stream == stream).Select(line => line.Text).ToList();

    public ValueTask WriteAsync(LogLine line, CancellationToken cancellationToken)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _lines.Add(line);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits until a line with <paramref name="text"/> arrived, failing after the deadline.</summary>
    public Task WaitForLineAsync(string text, TimeSpan? deadline = null) =>
        Eventually.WaitUntilAsync(
            () =>
            {
                lock (_lock)
                {
                    return (_lines.Any(line => line.Text == text), _changed.Task);
                }
            },
            $"a log line '{text}' (got: {string.Join(" | ", Lines.Select(line => line.Text))})",
            deadline);
}
