namespace JobHub.Grains.Identity;

/// <summary>A regular user acting on identity (checked by <see cref="IdentityPolicy.RequireActor"/>), with the two roles the rules look at.</summary>
internal readonly record struct Actor(string Name, bool IsAdmin, bool IsCustomerAdmin)
{
    /// <summary>Admins and customer admins administer users, site groups and features.</summary>
    public bool IsUserAdministrator => IsAdmin || IsCustomerAdmin;
}
