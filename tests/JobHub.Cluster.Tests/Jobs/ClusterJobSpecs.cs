using JobHub.Contracts.Jobs;

namespace JobHub.Cluster.Tests.Jobs;

/// <summary>Jobs the cluster tests run: real shell processes on the local node pool.</summary>
internal static class ClusterJobSpecs
{
    /// <summary><c>/bin/sh -c script</c> on the <c>local</c> pool, 1 vCPU.</summary>
    public static JobSpec Shell(string name, string script) => new()
    {
        Name = name,
        Command = "/bin/sh",
        Arguments = ["-c", script],
        NodeType = "local",
        ProcessResources = new ProcessResources(1, 256),
        TimeLimit = TimeSpan.FromMinutes(5),
    };

    /// <summary>
    /// Prints <c>tick 1</c> … <c>tick {count}</c>, one every 0.1 s, then writes a summary and a result file. It gives up
    /// when it can no longer write its output (its silo died), so no orphan outlives a test for long.
    /// </summary>
    public static JobSpec Ticker(string name, int count) => Shell(
        name,
        $"""
        for i in $(seq 1 {count}); do echo "tick $i" || exit 3; sleep 0.1; done
        echo '{"{"}"ticks": {count}{"}"}' > "$JOBHUB_RESULTS_SUMMARY_FILE"
        mkdir -p "$JOBHUB_RESULTS_UPLOAD_DIR" && echo "counted to {count}" > "$JOBHUB_RESULTS_UPLOAD_DIR/count.txt"
        """);
}
