using System.Reflection;

namespace JobHub.Client.Tests;

/// <summary>Guards the SDK's public surface: a change shows up as a diff of PublicApi.approved.txt.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesTheApprovedSnapshot()
    {
        var actual = Describe(typeof(JobHubClient).Assembly);
        var approvedPath = Path.Combine(AppContext.BaseDirectory, "PublicApi.approved.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : string.Empty;
        if (approved != actual)
        {
            File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "PublicApi.received.txt"), actual);
        }

        Assert.Equal(approved, actual);
    }

    private static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var kind = type.IsEnum ? "enum" : type.IsValueType ? "struct" : type.IsInterface ? "interface" : type.IsAbstract && type.IsSealed ? "static class" : type.IsSealed ? "sealed class" : "class";
            lines.Add($"{kind} {type.FullName} : {type.BaseType?.FullName}");
            var members = type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m is not MethodInfo { IsSpecialName: true })
                .Select(m => "  " + m.MemberType + " " + m)
                .Order(StringComparer.Ordinal);
            lines.AddRange(members);
        }

        return string.Join("\n", lines) + "\n";
    }
}
