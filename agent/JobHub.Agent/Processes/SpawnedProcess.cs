using System.IO.Pipes;

namespace JobHub.Agent.Processes;

/// <summary>A process <see cref="SessionSpawner"/> started: its pid, its exit, and the read ends of its stdout and stderr.</summary>
internal sealed class SpawnedProcess : IDisposable
{
    public SpawnedProcess(int pid, Task<int> exited, Stream standardOutput, Stream standardError)
    {
        Pid = pid;
        Exited = exited;
        StandardOutput = standardOutput;
        StandardError = standardError;
    }

    /// <summary>The process id; also its session and process group id.</summary>
    public int Pid { get; }

    /// <summary>Completes with the exit code (128 + the signal's number when a signal ended it) once the process was reaped.</summary>
    public Task<int> Exited { get; }

    /// <summary>The read end of the process's stdout.</summary>
    public Stream StandardOutput { get; }

    /// <summary>The read end of the process's stderr.</summary>
    public Stream StandardError { get; }

    /// <summary>Wraps a pipe's read end so that reads are asynchronous (.NET polls it with the socket engine, no thread blocks).</summary>
    internal static Stream OpenReadEnd(int fd) =>
        new AnonymousPipeClientStream(PipeDirection.In, new Microsoft.Win32.SafeHandles.SafePipeHandle(fd, ownsHandle: true));

    /// <summary>Closes the pipes' read ends; does not stop the process.</summary>
    public void Dispose()
    {
        StandardOutput.Dispose();
        StandardError.Dispose();
    }
}
