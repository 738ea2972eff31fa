namespace JobHub.Agent.Processes;

/// <summary>One line written by a job process.</summary>
/// <param name="Time">When the agent read the line (UTC, from the injected <see cref="TimeProvider"/>).</param>
/// <param name="Process">The process that wrote it.</param>
/// <param name="Stream">stdout or stderr.</param>
/// <param name="Text">The line without its terminator (<c>\n</c> or <c>\r\n</c>).</param>
/// <param name="IsContinuation">
/// True when this text continues the previous line of the same stream, which was longer than
/// <see cref="Hosting.LocalNodeAgentOptions.MaxLogLineLength"/> and split there.
/// </param>
public sealed record LogLine(DateTimeOffset Time, ProcessLabel Process, LogStreamKind Stream, string Text, bool IsContinuation = false);
