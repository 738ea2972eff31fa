namespace JobHub.Cli;

/// <summary>Which command-line option sets each field the SDK or the API names in a refusal, so messages name what to change.</summary>
internal static class FieldOptions
{
    private static readonly Dictionary<string, string> Options = new(StringComparer.Ordinal)
    {
        ["name"] = "--name",
        ["command"] = "--command (or the command after --)",
        ["entryScript"] = "--entry",
        ["codeBundleId"] = "--bundle",
        ["arguments"] = "the arguments after --",
        ["environment"] = "--env",
        ["nodeType"] = "--node-type",
        ["mode"] = "--mode",
        ["distributed"] = "--mode/--nodes/--processes-per-node",
        ["distributed.nodes"] = "--nodes",
        ["distributed.processesPerNode"] = "--processes-per-node",
        ["distributed.pool"] = "--pool",
        ["distributed.minimumWorkers"] = "--min-workers",
        ["processResources"] = "--vcpu/--memory/--gpus",
        ["processResources.vcpu"] = "--vcpu",
        ["processResources.memoryMiB"] = "--memory",
        ["processResources.gpus"] = "--gpus",
        ["timeLimit"] = "--time-limit",
        ["costLimit"] = "--cost-limit",
        ["reason"] = "--reason",
        ["duration"] = "<duration>",
        ["jobId"] = "<id>",
        ["state"] = "--state",
        ["limit"] = "--limit",
        ["tail"] = "--tail",
        ["after"] = "--after",
        ["wait"] = "--wait",
        ["timeout"] = "--timeout",
        ["path"] = "--file",
    };

    /// <summary><c>--nodes (distributed.nodes)</c> for a field an option sets; the field itself otherwise.</summary>
    public static string Describe(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var key = field.StartsWith("environment.", StringComparison.Ordinal) ? "environment" : field;
        return Options.TryGetValue(key, out var option) ? $"{option} ({field})" : field;
    }
}
