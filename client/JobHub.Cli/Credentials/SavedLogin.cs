namespace JobHub.Cli.Credentials;

/// <summary>What <c>jobhub login</c> keeps for one URL: the token, the user it acts as, and when it was saved.</summary>
internal sealed record SavedLogin(string Token, string User, DateTimeOffset SavedAt)
{
    /// <summary>Never shows the token.</summary>
    public override string ToString() => $"SavedLogin {{ User = {User}, SavedAt = {SavedAt:O} }}";
}
