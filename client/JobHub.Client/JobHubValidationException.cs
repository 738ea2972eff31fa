using System.Text;

namespace JobHub.Client;

/// <summary>
/// A value given to <see cref="JobHubClient"/> breaks one of JobHub's rules (<c>JobHub.Contracts.Validation.JobLimits</c>,
/// <c>JobSpecValidator</c>), so the call was refused before anything was sent. <see cref="Errors"/> names each bad field
/// (the API's camelCase name, for example <c>distributed.nodes</c> or <c>tail</c>) with the same words the server would answer.
/// </summary>
public sealed class JobHubValidationException : ArgumentException
{
    /// <summary>Creates the exception from the problems found, by field.</summary>
    /// <param name="errors">Messages per bad field; at least one.</param>
    /// <param name="paramName">The parameter of the call that held the bad values, if any.</param>
    public JobHubValidationException(IReadOnlyDictionary<string, IReadOnlyList<string>> errors, string? paramName = null)
        : base(Describe(errors), paramName)
    {
        Errors = errors ?? new Dictionary<string, IReadOnlyList<string>>();
    }

    /// <summary>Messages per bad field (camelCase field path, e.g. <c>distributed.nodes</c>, <c>jobId</c>, <c>limit</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; }

    private static string Describe(IReadOnlyDictionary<string, IReadOnlyList<string>>? errors)
    {
        var text = new StringBuilder("Refused before sending:");
        foreach (var (field, messages) in errors ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            foreach (var message in messages)
            {
                text.Append(' ').Append(field).Append(": ").Append(message);
            }
        }

        return text.ToString();
    }
}
