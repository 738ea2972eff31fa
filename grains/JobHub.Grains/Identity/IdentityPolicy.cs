using System.Collections.Immutable;
using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Identity;

namespace JobHub.Grains.Identity;

/// <summary>
/// The rules of issue 10 for users, groups, features and tokens, in one place. Each check throws
/// <see cref="IdentityAccessDeniedException"/> (this actor may not) or <see cref="IdentityConflictException"/> (no one may),
/// with the rule in plain words; grains call them before they change anything.
/// </summary>
internal static class IdentityPolicy
{
    private const string TouchesAdmins = "customer admins may not change anything that touches admins";

    /// <summary>The acting user, who must exist, be regular and not be <c>anon</c>.</summary>
    public static Actor RequireActor(string name, UserInfo? user, string action)
    {
        if (user is null)
        {
            throw new IdentityAccessDeniedException(name, action, "there is no such user");
        }

        if (user.Name == BuiltInUsers.Anon)
        {
            throw new IdentityAccessDeniedException(name, action, "anonymous callers may not change users, groups, features or tokens");
        }

        return user.Status switch
        {
            UserStatus.Staged => throw new IdentityAccessDeniedException(name, action, "a staged user can do nothing until they redeem their invitation"),
            UserStatus.Disabled => throw new IdentityAccessDeniedException(name, action, "a disabled user can do nothing"),
            _ => new Actor(name, user.IsIn(BuiltInGroups.Admins), user.IsIn(BuiltInGroups.CustomerAdmins)),
        };
    }

    /// <summary>Adding <paramref name="target"/> to <paramref name="group"/> (<paramref name="join"/>) or removing them from it.</summary>
    public static void CheckMembership(Actor actor, UserInfo target, GroupRef group, bool join)
    {
        var action = join ? $"add '{target.Name}' to {group}" : $"remove '{target.Name}' from {group}";
        CheckMembershipInvariants(target.Name, group, join);
        if (group == BuiltInGroups.Admins)
        {
            if (!actor.IsAdmin)
            {
                throw new IdentityAccessDeniedException(actor.Name, action, "only admins add or remove members of jobhub/admins");
            }

            return;
        }

        RequireUserAdministrator(actor, action, "only admins and customer admins manage jobhub/customeradmins and site groups");
        RequireNotTouchingAdmins(actor, target, action);
    }

    /// <summary>Granting or revoking a feature of <paramref name="target"/>.</summary>
    public static void CheckUserFeature(Actor actor, UserInfo target, string action)
    {
        RequireUserAdministrator(actor, action, "only admins and customer admins grant and revoke features");
        RequireNotTouchingAdmins(actor, target, action);
    }

    /// <summary>Granting or revoking a feature of <paramref name="group"/>.</summary>
    public static void CheckGroupFeature(Actor actor, GroupRef group, string action)
    {
        RequireUserAdministrator(actor, action, "only admins and customer admins grant and revoke features");
        if (group == BuiltInGroups.Admins && !actor.IsAdmin)
        {
            throw new IdentityAccessDeniedException(actor.Name, action, TouchesAdmins);
        }
    }

    /// <summary>Disabling, enabling or deleting <paramref name="target"/> (null: a user that does not exist).</summary>
    public static void CheckUserAdministration(Actor actor, UserInfo? target, string action)
    {
        RequireUserAdministrator(actor, action, "only admins and customer admins manage users");
        if (target is not null)
        {
            RequireNotTouchingAdmins(actor, target, action);
        }
    }

    /// <summary>Inviting a user who starts in <paramref name="groups"/> (the membership rules for each).</summary>
    public static void CheckInvite(Actor actor, string action, ImmutableArray<GroupRef> groups)
    {
        RequireUserAdministrator(actor, action, "only admins and customer admins invite users");
        foreach (var group in groups)
        {
            CheckMembershipInvariants("the invited user", group, join: true);
            if (group == BuiltInGroups.Admins && !actor.IsAdmin)
            {
                throw new IdentityAccessDeniedException(actor.Name, action, "only admins add or remove members of jobhub/admins");
            }
        }
    }

    /// <summary>Issuing, listing or revoking the tokens of <paramref name="owner"/>.</summary>
    public static void CheckTokens(Actor actor, string owner, string action)
    {
        if (actor.Name != owner && !actor.IsAdmin)
        {
            throw new IdentityAccessDeniedException(actor.Name, action, "only a token's owner and admins manage a user's tokens");
        }
    }

    /// <summary>Rules no one may break, whoever acts.</summary>
    private static void CheckMembershipInvariants(string target, GroupRef group, bool join)
    {
        if (group == BuiltInGroups.Users)
        {
            throw new IdentityConflictException(join
                ? "Membership of jobhub/users is automatic: a user joins it when they become regular."
                : "Every regular user is in jobhub/users and can never be removed from it.");
        }

        if (group == BuiltInGroups.Anon)
        {
            throw new IdentityConflictException("Only the built-in anon user is in jobhub/anon.");
        }

        if (target == BuiltInUsers.Anon)
        {
            throw new IdentityConflictException("The built-in anon user is in jobhub/anon only.");
        }

        if (!join && target == BuiltInUsers.Admin && group == BuiltInGroups.Admins)
        {
            throw new IdentityConflictException("The built-in admin user always stays in jobhub/admins.");
        }
    }

    private static void RequireUserAdministrator(Actor actor, string action, string rule)
    {
        if (!actor.IsUserAdministrator)
        {
            throw new IdentityAccessDeniedException(actor.Name, action, rule);
        }
    }

    private static void RequireNotTouchingAdmins(Actor actor, UserInfo target, string action)
    {
        if (!actor.IsAdmin && target.IsIn(BuiltInGroups.Admins))
        {
            throw new IdentityAccessDeniedException(actor.Name, action, $"{TouchesAdmins} ('{target.Name}' is an admin)");
        }
    }
}
