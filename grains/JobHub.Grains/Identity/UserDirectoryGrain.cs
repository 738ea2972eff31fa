using System.Collections.Immutable;
using System.Globalization;
using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Identity;
using JobHub.Grains.Identity.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Identity;

/// <summary>
/// The user directory: rows written by the user grains, an email index kept in memory, and name reservations for
/// invitations. Calls no grain. Every row is in one state, written whole on each change (sized for small teams; a larger
/// installation would move it to a table, as the job list is).
/// </summary>
[GrainType("userdirectory")]
internal sealed class UserDirectoryGrain(
    [FromKeyedServices(IdentityClock.ServiceKey)] TimeProvider time,
    [PersistentState("userDirectory")] IPersistentState<UserDirectoryState> state) : Grain, IUserDirectoryGrain
{
    /// <summary>Most suffixes tried for a name made from an email (<c>bob</c>, <c>bob-2</c> … <c>bob-100</c>).</summary>
    private const int MaxSuffix = 100;

    private readonly Dictionary<string, string> _byEmail = new(StringComparer.Ordinal);

    private Dictionary<string, UserSummary> Users => state.State.Users;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var row in Users.Values)
        {
            if (row.Email is { } email)
            {
                _byEmail[email] = row.Name;
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<string> Reserve(string name, bool exact, string email)
    {
        IdentityInput.UserName(name, "userName");
        email = IdentityInput.Email(email, "email");
        if (_byEmail.TryGetValue(email, out var holder) && Users.TryGetValue(holder, out var held))
        {
            if (held.Status != UserStatus.Staged)
            {
                throw new IdentityConflictException($"'{email}' belongs to the user '{holder}' already.");
            }

            return !exact || holder == name
                ? holder // invited again
                : throw new IdentityConflictException($"'{email}' is invited already, as '{holder}'.");
        }

        foreach (var candidate in Candidates(name, exact))
        {
            if (BuiltInUsers.Contains(candidate) || Users.ContainsKey(candidate))
            {
                continue;
            }

            Users[candidate] = new UserSummary { Name = candidate, Status = UserStatus.Staged, Email = email, CreatedAt = time.GetUtcNow() };
            _byEmail[email] = candidate;
            await SaveAsync();
            return candidate;
        }

        throw new IdentityConflictException(exact
            ? $"The user name '{name}' is taken."
            : $"No free user name from '{name}' to '{name}-{MaxSuffix}': give the invitation a user name.");
    }

    /// <inheritdoc />
    public async Task Upsert(UserSummary user)
    {
        ArgumentNullException.ThrowIfNull(user);
        IdentityInput.UserName(user.Name, "userName");
        Users.TryGetValue(user.Name, out var old);
        if (user.SameAs(old))
        {
            return;
        }

        if (old?.Email is { } oldEmail && oldEmail != user.Email && _byEmail.GetValueOrDefault(oldEmail) == user.Name)
        {
            _byEmail.Remove(oldEmail);
        }

        Users[user.Name] = user;
        if (user.Email is { } email)
        {
            _byEmail[email] = user.Name; // the user grain is the truth
        }

        await SaveAsync();
    }

    /// <inheritdoc />
    public async Task Remove(string name)
    {
        IdentityInput.UserName(name, "userName");
        if (!Users.TryGetValue(name, out var row) || row.Status != UserStatus.Staged)
        {
            return; // regular users are never removed
        }

        Users.Remove(name);
        if (row.Email is { } email && _byEmail.GetValueOrDefault(email) == name)
        {
            _byEmail.Remove(email);
        }

        await SaveAsync();
    }

    /// <inheritdoc />
    public Task<ImmutableArray<UserSummary>> List() =>
        Task.FromResult<ImmutableArray<UserSummary>>([.. Users.Values.OrderBy(u => u.Name, StringComparer.Ordinal)]);

    /// <inheritdoc />
    public Task<UserSummary?> FindByEmail(string email)
    {
        email = IdentityInput.Email(email, "email");
        return Task.FromResult(_byEmail.TryGetValue(email, out var name) ? Users.GetValueOrDefault(name) : null);
    }

    /// <inheritdoc />
    public Task<ImmutableArray<UserSummary>> MembersOf(GroupRef group)
    {
        group = IdentityInput.Group(group, "group");
        return Task.FromResult<ImmutableArray<UserSummary>>(
            [.. Users.Values.Where(u => u.Groups.Contains(group)).OrderBy(u => u.Name, StringComparer.Ordinal)]);
    }

    private static IEnumerable<string> Candidates(string name, bool exact)
    {
        yield return name;
        if (exact)
        {
            yield break;
        }

        for (var i = 2; i <= MaxSuffix; i++)
        {
            var suffix = string.Create(CultureInfo.InvariantCulture, $"-{i}");
            var stem = name.Length + suffix.Length > IdentityLimits.MaxNameLength ? name[..(IdentityLimits.MaxNameLength - suffix.Length)] : name;
            yield return stem + suffix;
        }
    }

    private Task SaveAsync() => state.WriteOrDeactivateAsync(this);
}
