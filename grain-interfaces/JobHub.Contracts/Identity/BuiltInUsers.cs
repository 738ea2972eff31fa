namespace JobHub.Contracts.Identity;

/// <summary>The users every JobHub has from its first start.</summary>
public static class BuiltInUsers
{
    /// <summary>The first administrator (in <c>jobhub/admins</c> and <c>jobhub/users</c>); cannot be disabled or leave <c>admins</c>.</summary>
    public const string Admin = "admin";

    /// <summary>Who an unauthenticated caller acts as (in <c>jobhub/anon</c> only); has no tokens.</summary>
    public const string Anon = "anon";

    /// <summary>True for <see cref="Admin"/> and <see cref="Anon"/>.</summary>
    public static bool Contains(string name) => name is Admin or Anon;
}
