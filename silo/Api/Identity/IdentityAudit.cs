using JobHub.Contracts.Audit;
using JobHub.GrainInterfaces.Identity;
using JobHub.Grains.Audit;

namespace JobHub.Silo.Api.Identity;

/// <summary>
/// Records the identity API's changes in the audit log, at the REST layer: one entry per change that reached the grains,
/// <c>ok</c> when it was made and <c>denied</c> when a rule refused it (answered 403; a refused invitation code, 404/410).
/// Requests refused for malformed input (400, or 404 for a name that can name nothing) changed nothing and are not recorded.
/// Targets and details name users, groups, features and token names, never a token, a token id or an invitation code.
/// </summary>
internal static class IdentityAudit
{
    /// <summary>Runs <paramref name="change"/> and records its outcome; a refusal is recorded, then thrown on to become 403.</summary>
    public static async Task<T> RecordAsync<T>(HttpContext context, string actor, string action, string target, Func<Task<T>> change, Func<T, string?>? detail = null)
    {
        var log = context.RequestServices.GetRequiredService<IAuditLog>();
        T result;
        try
        {
            result = await change();
        }
        catch (IdentityAccessDeniedException denied)
        {
            await log.AppendAsync(new AuditRecord(actor, action, target, AuditOutcomes.Denied, denied.Rule), CancellationToken.None);
            throw;
        }
        catch (InvitationRefusedException refused)
        {
            await log.AppendAsync(new AuditRecord(actor, action, target, AuditOutcomes.Denied, refused.Reason), CancellationToken.None);
            throw;
        }

        await log.AppendAsync(new AuditRecord(actor, action, target, AuditOutcomes.Ok, detail?.Invoke(result)), CancellationToken.None);
        return result;
    }

    /// <summary>As <see cref="RecordAsync{T}"/> for a change that answers nothing.</summary>
    public static Task RecordAsync(HttpContext context, string actor, string action, string target, Func<Task> change, string? detail = null) =>
        RecordAsync(context, actor, action, target, async () =>
        {
            await change();
            return true;
        }, _ => detail);
}
