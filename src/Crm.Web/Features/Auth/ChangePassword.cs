using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Crm.Web.Features.Users;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Auth;

/// <summary>A changed password: the user as saved and a fresh token (the old stamp's tokens, the caller's too, have ended).</summary>
public sealed record PasswordChangeResult(User User, string AccessToken, int ExpiresIn);

/// <summary>
/// A user changes their own password (个人设置). The current password is checked like a sign-in (decision 0030): the
/// attempt is claimed against the lockout count before the hash is compared and rate limited per account, so a stolen
/// session cannot guess it faster than the login form. A new security stamp ends every token and every other UI session
/// of the user; the session the change was made in (<c>keepSessionId</c>) moves to the new stamp and stays (decision 0053).
/// </summary>
public sealed class ChangePassword(
    IDbContextFactory<CrmDbContext> dbFactory,
    IPasswordHasher<User> hasher,
    TimeProvider clock,
    AccountLoginLimiter accountLimiter,
    UserSessionCache sessions,
    TokenIssuer tokens)
{
    public async Task<PasswordChangeResult> HandleAsync(
        Actor actor, string? currentPassword, string? newPassword, string? keepSessionId, string? ip, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrEmpty(currentPassword))
        {
            errors.Add("current_password", Messages.Format("FieldRequired", Messages.Get("Label_CurrentPassword")));
        }

        var password = UserRules.Password(newPassword, errors, "new_password", "Label_NewPassword");
        if (!errors.Any && password == currentPassword)
        {
            errors.Add("new_password", Messages.PasswordUnchanged);
        }

        errors.ThrowIfAny();

        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == actor.UserId, ct)
            ?? throw new NotFoundException(Messages.UserNotFound);
        accountLimiter.Take(user.NormalizedUsername);
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await Login.ClaimAttemptAsync(db, user.Id, now, ct))
        {
            var lockedUntil = await db.Users.Where(u => u.Id == user.Id).Select(u => u.LockoutEndUtc).FirstOrDefaultAsync(ct) ?? now;
            throw new TooManyAttemptsException(lockedUntil - now);
        }

        if (hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword!) == PasswordVerificationResult.Failed)
        {
            db.RecordAction(AuditActions.PasswordChangeFailed, AuditEntityTypes.User, user.Id, ip: ip);
            await db.SaveChangesAsync(ct);
            throw ValidationErrors.Failure("current_password", Messages.CurrentPasswordWrong);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Users.FirstAsync(u => u.Id == user.Id, ct);
        changed.PasswordHash = hasher.HashPassword(changed, password);
        changed.SecurityStamp = UserFields.NewStamp();
        changed.FailedLoginCount = 0;
        changed.LockoutEndUtc = null;
        changed.UpdatedAt = now;
        await db.SaveChangesAsync(ct);

        var others = db.UiSessions.Where(s => s.UserId == user.Id);
        if (keepSessionId is not null)
        {
            var stamp = changed.SecurityStamp;
            await db.UiSessions.Where(s => s.UserId == user.Id && s.Id == keepSessionId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.SecurityStamp, stamp), ct);
            others = others.Where(s => s.Id != keepSessionId);
        }

        await others.ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        sessions.Invalidate(user.Id);
        return new PasswordChangeResult(changed, tokens.Issue(changed), (int)tokens.Lifetime.TotalSeconds);
    }
}
