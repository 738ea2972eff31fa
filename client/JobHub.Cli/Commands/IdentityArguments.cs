using System.CommandLine;
using System.CommandLine.Parsing;
using JobHub.Contracts.Identity;

namespace JobHub.Cli.Commands;

/// <summary>
/// Arguments and options naming users, groups (<c>realm/name</c>), features and emails, checked while parsing with the
/// identity API's own rules (<see cref="IdentityNames"/>): a bad value is one line naming the argument (exit code 2, nothing sent).
/// </summary>
internal static class IdentityArguments
{
    public static Argument<string> User(string name = "user", string description = "The user name") =>
        Checked(new Argument<string>(name) { Description = description }, $"<{name}>", IdentityNames.UserNameProblem);

    public static Argument<string> Feature() =>
        Checked(new Argument<string>("feature") { Description = "The feature, e.g. gpu-jobs" }, "<feature>", IdentityNames.FeatureProblem);

    public static Argument<string> Email() =>
        Checked(new Argument<string>("email") { Description = "Where the invitation goes (one user per email)" }, "<email>", IdentityNames.EmailProblem);

    public static Argument<GroupRef> Group() => new("group")
    {
        Description = "The group, written realm/name: jobhub/admins, jobhub/customeradmins, jobhub/users, jobhub/anon or site/<name>",
        CustomParser = result => ParseGroup(result, "<group>"),
    };

    /// <summary>A user name option (<c>--name</c>, <c>--user</c>).</summary>
    public static Option<string?> UserOption(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = "user" };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && IdentityNames.UserNameProblem(result.Tokens[0].Value) is { } problem)
            {
                result.AddError($"{name}: {problem}.");
            }
        });
        return option;
    }

    /// <summary><c>--group realm/name</c>, any number of times.</summary>
    public static Option<GroupRef[]> Groups(string description) => new("--group")
    {
        Description = description,
        HelpName = "realm/name",
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result =>
        {
            var groups = new List<GroupRef>();
            foreach (var token in result.Tokens)
            {
                if (IdentityNames.ParseGroupKey(token.Value, out var problem) is { } group)
                {
                    groups.Add(group);
                }
                else
                {
                    result.AddError($"--group: {problem}.");
                }
            }

            return [.. groups];
        },
    };

    /// <summary><c>--feature f</c>, any number of times.</summary>
    public static Option<string[]> Features(string description)
    {
        var option = new Option<string[]>("--feature") { Description = description, HelpName = "feature" };
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (IdentityNames.FeatureProblem(token.Value) is { } problem)
                {
                    result.AddError($"--feature: {problem}.");
                }
            }
        });
        return option;
    }

    private static GroupRef? ParseGroup(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (IdentityNames.ParseGroupKey(text, out var problem) is { } group)
        {
            return group;
        }

        result.AddError($"{name}: {problem}.");
        return null;
    }

    private static Argument<string> Checked(Argument<string> argument, string shown, Func<string?, string?> rule)
    {
        argument.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && rule(result.Tokens[0].Value) is { } problem)
            {
                result.AddError($"{shown}: {problem}.");
            }
        });
        return argument;
    }
}
