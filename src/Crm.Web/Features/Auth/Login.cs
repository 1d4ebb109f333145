using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Auth;

public sealed record LoginResult(User User, string AccessToken, int ExpiresIn);

/// <summary>
/// Signs a user in. Every refusal (unknown user, wrong password, locked, deactivated) looks the same and costs the same
/// one password hash, so neither the answer nor its timing reveals which one it was. Five wrong passwords lock the
/// account for 5 minutes, counted in the database before the password is checked, so parallel guesses cannot slip
/// past the count (decision 0030). Attempts per account are rate limited on top (<see cref="AccountLoginLimiter"/>).
/// </summary>
public sealed class Login(
    IDbContextFactory<CrmDbContext> dbFactory,
    IPasswordHasher<User> hasher,
    TokenIssuer tokens,
    TimeProvider clock,
    AccountLoginLimiter accountLimiter)
{
    public async Task<LoginResult> HandleAsync(string? username, string? password, string? ip, CancellationToken ct)
    {
        if (Text.Clean(username) is not { } name || string.IsNullOrEmpty(password))
        {
            throw ValidationErrors.Failure("username", Messages.LoginInputRequired);
        }

        var user = await VerifyAsync(name, password, ip, ct) ?? throw new UnauthorizedException(Messages.LoginFailed);
        return new LoginResult(user, tokens.Issue(user), (int)tokens.Lifetime.TotalSeconds);
    }

    /// <summary>
    /// Checks the credentials, keeping the lockout counters; returns the user or null. Every attempt is in the audit
    /// trail with the client address: a success as done by the user, a failure by nobody, under the name it gave.
    /// </summary>
    public async Task<User?> VerifyAsync(string username, string password, string? ip, CancellationToken ct)
    {
        var key = UserRules.NormalizeUsername(username);
        accountLimiter.Take(key);
        if (TextCharacters.Problem(username, TextKind.SingleLine) is not null)
        {
            return Refuse(password);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUsername == key, ct);
        if (user is null || !user.IsActive || !await ClaimAttemptAsync(db, user.Id, clock.GetUtcNow().UtcDateTime, ct))
        {
            Refuse(password);
            await FailedAsync(db, username, user?.Id, ip, ct);
            return null;
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            await FailedAsync(db, username, user.Id, ip, ct);
            return null;
        }

        var hash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, password) : user.PasswordHash;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(
            s => s.SetProperty(u => u.FailedLoginCount, 0).SetProperty(u => u.LockoutEndUtc, (DateTime?)null).SetProperty(u => u.PasswordHash, hash),
            ct);
        db.AuditAs(new AuditActor(user.Id));
        db.RecordAction(AuditActions.SignIn, AuditEntityTypes.Session, user.Id, ip: ip);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        user.PasswordHash = hash;
        return user;
    }

    /// <summary>A refused sign-in is in the audit trail by nobody, under the name it gave, with the client address.</summary>
    private static async Task FailedAsync(CrmDbContext db, string username, long? userId, string? ip, CancellationToken ct)
    {
        var name = Text.Clean(username) ?? string.Empty;
        db.RecordAction(AuditActions.SignInFailed, AuditEntityTypes.Session, userId,
            actor: new AuditActor(null, name.Length > 100 ? name[..100] : name), ip: ip);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Counts one attempt as failed before the password is checked (a right password clears the count afterwards), in one
    /// UPDATE that also refuses a locked account: the database serialises the attempts, so of any number sent at once at
    /// most <see cref="UserRules.MaxFailedLogins"/> are checked before the lock. The one that reaches the limit locks.
    /// A password change checks the current password the same way (<see cref="ChangePassword"/>).
    /// </summary>
    internal static async Task<bool> ClaimAttemptAsync(CrmDbContext db, long userId, DateTime now, CancellationToken ct)
    {
        var lockUntil = now + UserRules.LockoutDuration;
        const int max = UserRules.MaxFailedLogins;
        var claimed = await db.Users
            .Where(u => u.Id == userId && (u.LockoutEndUtc == null || u.LockoutEndUtc <= now))
            .ExecuteUpdateAsync(
                s => s
                    .SetProperty(u => u.FailedLoginCount, u => u.FailedLoginCount + 1 >= max ? 0 : u.FailedLoginCount + 1)
                    .SetProperty(u => u.LockoutEndUtc, u => u.FailedLoginCount + 1 >= max ? lockUntil : (DateTime?)null),
                ct);
        return claimed == 1;
    }

    /// <summary>Spends the same work as checking a real password, so a refusal takes as long as a wrong password.</summary>
    private User? Refuse(string password)
    {
        hasher.VerifyHashedPassword(DummyUser, DummyUser.PasswordHash, password);
        return null;
    }

    private static readonly User DummyUser = new()
    {
        Username = "dummy",
        NormalizedUsername = "DUMMY",
        DisplayName = "dummy",
        SecurityStamp = "x",
        PasswordHash = new PasswordHasher<User>().HashPassword(null!, Guid.NewGuid().ToString()),
    };
}
