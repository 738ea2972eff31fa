using System.Collections.Immutable;

namespace JobHub.Contracts.Identity;

/// <summary>The groups of the <c>jobhub</c> realm; no other group exists in it.</summary>
public static class BuiltInGroups
{
    /// <summary>Administrators: everything, including the membership of this group.</summary>
    public static readonly GroupRef Admins = new(IdentityRealms.JobHub, "admins");

    /// <summary>Customer administrators: invite users, manage <c>customeradmins</c>, <c>site</c> groups and features; nothing that touches admins.</summary>
    public static readonly GroupRef CustomerAdmins = new(IdentityRealms.JobHub, "customeradmins");

    /// <summary>Every regular user, automatically; no one is ever removed from it.</summary>
    public static readonly GroupRef Users = new(IdentityRealms.JobHub, "users");

    /// <summary>Only the built-in <c>anon</c> user (unauthenticated callers).</summary>
    public static readonly GroupRef Anon = new(IdentityRealms.JobHub, "anon");

    /// <summary>All four.</summary>
    public static readonly ImmutableArray<GroupRef> All = [Admins, CustomerAdmins, Users, Anon];

    /// <summary>True when <paramref name="group"/> is one of the four.</summary>
    public static bool Contains(GroupRef group) => All.Contains(group);
}
