using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Membership;

/// <summary>Reports every bad membership setting by name.</summary>
internal sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add($"{nameof(options.ClusterId)} must not be empty.");
        }

        foreach (var (property, value) in new[]
        {
            (nameof(options.ProbePeriod), options.ProbePeriod), (nameof(options.ProbeTimeout), options.ProbeTimeout),
            (nameof(options.VoteExpiration), options.VoteExpiration), (nameof(options.IAmAlivePeriod), options.IAmAlivePeriod),
            (nameof(options.IAmAliveStaleness), options.IAmAliveStaleness), (nameof(options.DefunctSiloExpiration), options.DefunctSiloExpiration),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{property} must be positive (was {value}).");
            }
        }

        foreach (var (property, value) in new[]
        {
            (nameof(options.MissedProbesLimit), options.MissedProbesLimit), (nameof(options.ProbedSilosCount), options.ProbedSilosCount),
            (nameof(options.VotesForDeathDeclaration), options.VotesForDeathDeclaration),
        })
        {
            if (value < 1)
            {
                failures.Add($"{property} must be at least 1 (was {value}).");
            }
        }

        if (options.IAmAliveStaleness <= options.IAmAlivePeriod)
        {
            failures.Add($"{nameof(options.IAmAliveStaleness)} ({options.IAmAliveStaleness}) must be longer than {nameof(options.IAmAlivePeriod)} ({options.IAmAlivePeriod}), or live silos would look stale.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
