namespace JobHub.Silo.Api.Identity;

/// <summary>The body of <c>POST /api/v1/invitations/accept</c>: the invitation code (<c>jhi_…</c>) the invitee was sent.</summary>
public sealed record AcceptInvitationRequest(string Code);
