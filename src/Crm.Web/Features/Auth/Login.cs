using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Auth;

public sealed record LoginResult(User User, string AccessToken, int ExpiresIn);

/// <summary>
/// Signs a user in. Every refusal (unknown user, wrong password, locked, deactivated) looks the same,
/// so the answer never reveals which one it was. Five wrong passwords in a row lock the account for 5 minutes.
/// </summary>
public sealed class Login(IDbContextFactory<CrmDbContext> dbFactory, IPasswordHasher<User> hasher, TokenIssuer tokens, TimeProvider clock)
{
    public async Task<LoginResult> HandleAsync(string? username, string? password, string? ip, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
        {
            throw ValidationErrors.Failure("username", Messages.LoginInputRequired);
        }

        var user = await VerifyAsync(username, password, ip, ct) ?? throw new UnauthorizedException(Messages.LoginFailed);
        return new LoginResult(user, tokens.Issue(user), (int)tokens.Lifetime.TotalSeconds);
    }

    /// <summary>
    /// Checks the credentials, keeping the lockout counters; returns the user or null. Every attempt is in the audit
    /// trail with the client address: a success as done by the user, a failure by nobody, under the name it gave.
    /// </summary>
    public async Task<User?> VerifyAsync(string username, string password, string? ip, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = UserRules.NormalizeUsername(username);
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedUsername == key, ct);
        var now = clock.GetUtcNow().UtcDateTime;

        if (user is null)
        {
            // Spend the same effort as a real check so timing does not reveal unknown user names.
            hasher.VerifyHashedPassword(DummyUser, DummyUser.PasswordHash, password);
            await FailedAsync(db, username, null, ip, ct);
            return null;
        }

        if (!user.IsActive || (user.LockoutEndUtc is { } end && end > now))
        {
            await FailedAsync(db, username, user.Id, ip, ct);
            return null;
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            user.FailedLoginCount++;
            if (user.FailedLoginCount >= UserRules.MaxFailedLogins)
            {
                user.FailedLoginCount = 0;
                user.LockoutEndUtc = now + UserRules.LockoutDuration;
            }

            await FailedAsync(db, username, user.Id, ip, ct);
            return null;
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
        }

        user.FailedLoginCount = 0;
        user.LockoutEndUtc = null;
        db.AuditAs(new AuditActor(user.Id));
        db.RecordAction(AuditActions.SignIn, AuditEntityTypes.Session, user.Id, ip: ip);
        await db.SaveChangesAsync(ct);
        return user;
    }

    private static async Task FailedAsync(CrmDbContext db, string username, long? userId, string? ip, CancellationToken ct)
    {
        var name = Text.Clean(username) ?? string.Empty;
        db.RecordAction(AuditActions.SignInFailed, AuditEntityTypes.Session, userId,
            actor: new AuditActor(null, name.Length > 100 ? name[..100] : name), ip: ip);
        await db.SaveChangesAsync(ct);
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
