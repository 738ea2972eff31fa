using System.Text.Json;
using JobHub.Runtime.Membership;

namespace JobHub.Runtime.Sql.Internal;

/// <summary>The suspicion list of a membership row, stored as a JSON array of <c>{"voter":"host:port@gen","at":"..."}</c>.</summary>
internal static class SuspicionsJson
{
    public static string Serialize(IReadOnlyList<SuspectVote> votes)
    {
        ArgumentNullException.ThrowIfNull(votes);
        var dtos = votes.Select(v => new SuspicionDto(v.Voter.ToString(), v.At)).ToList();
        return JsonSerializer.Serialize(dtos, SqlJsonContext.Default.ListSuspicionDto);
    }

    public static IReadOnlyList<SuspectVote> Deserialize(string json)
    {
        var dtos = JsonSerializer.Deserialize(json, SqlJsonContext.Default.ListSuspicionDto) ?? [];
        return dtos.Select(d => new SuspectVote(SiloAddress.Parse(d.Voter), d.At)).ToList();
    }
}
