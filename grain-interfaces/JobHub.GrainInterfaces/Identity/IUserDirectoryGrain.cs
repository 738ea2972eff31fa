using System.Collections.Immutable;
using JobHub.Contracts.Identity;
using Orleans;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>
/// The user directory (one grain, key <see cref="IdentityGrainKeys.Default"/>): one row per user (name, status, email,
/// groups) written by the user grains, for lists, group members and email look-ups; and the owner of name and email
/// uniqueness for invitations. It calls no other grain. Sized for the embedded silo and small teams (every row in one
/// grain state).
/// </summary>
[Alias("jobhub.IUserDirectoryGrain")]
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Reserves a user name for a staged user with <paramref name="email"/> and returns it. With <paramref name="exact"/>
    /// the name is <paramref name="name"/> or <see cref="IdentityConflictException"/>; otherwise the first free one of
    /// <c>name</c>, <c>name-2</c>, <c>name-3</c>…. An email already reserved for a staged user answers that user's name
    /// (inviting again); an email of a regular or disabled user is refused.
    /// </summary>
    [Alias("Reserve")]
    Task<string> Reserve(string name, bool exact, string email);

    /// <summary>Writes a user's row (called by the user grain after each change; a row equal to the stored one writes nothing).</summary>
    [Alias("Upsert")]
    Task Upsert(UserSummary user);

    /// <summary>Removes a staged user's row (called when a staged user is deleted); a regular user's row is never removed.</summary>
    [Alias("Remove")]
    Task Remove(string name);

    /// <summary>Every user, sorted by name.</summary>
    [Alias("List")]
    Task<ImmutableArray<UserSummary>> List();

    /// <summary>The user with this email (compared lower-cased), or null.</summary>
    [Alias("FindByEmail")]
    Task<UserSummary?> FindByEmail(string email);

    /// <summary>The users in <paramref name="group"/>, sorted by name.</summary>
    [Alias("MembersOf")]
    Task<ImmutableArray<UserSummary>> MembersOf(GroupRef group);
}
