namespace JobHub.Silo.Api.Identity;

/// <summary>The body of <c>POST /api/v1/tokens</c>: what the new token is for (1–100 characters).</summary>
public sealed record CreateTokenRequest(string Name);
