namespace JobHub.Cli;

/// <summary>What <c>jobhub</c> exits with, so scripts can act on it (docs/cli.md lists them).</summary>
internal static class ExitCodes
{
    /// <summary>Done; with <c>--wait</c>: the job completed.</summary>
    public const int Success = 0;

    /// <summary>The job failed, was stopped or timed out (with <c>--wait</c>), or the workers waited for did not all run in time.</summary>
    public const int JobUnsuccessful = 1;

    /// <summary>Bad command line, nothing sent: unknown command or option, missing argument, a value out of its range or breaking a rule, unreadable job file.</summary>
    public const int UsageError = 2;

    /// <summary>No such job, or no such result file.</summary>
    public const int NotFound = 3;

    /// <summary>The server refused the request: a job spec it refuses (each field's message is printed), a job that has ended, not allowed.</summary>
    public const int Refused = 4;

    /// <summary>The server cannot be reached, did not answer in time, or failed otherwise.</summary>
    public const int ServerError = 5;

    /// <summary>Interrupted with Ctrl+C.</summary>
    public const int Interrupted = 130;
}
