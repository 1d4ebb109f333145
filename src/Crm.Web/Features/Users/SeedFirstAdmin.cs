using System.Security.Cryptography;
using Crm.Domain.Common;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Users;

/// <summary>
/// The first administrator, created at start-up when no user exists (SPEC §5): Admin:UserName (default admin) and
/// Admin:Password, or a random password logged once.
/// </summary>
public sealed partial class SeedFirstAdmin(
    IDbContextFactory<CrmDbContext> dbFactory,
    IPasswordHasher<User> hasher,
    TimeProvider clock,
    IConfiguration configuration,
    ILogger<SeedFirstAdmin> logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Users.AnyAsync(ct))
        {
            return;
        }

        var username = Text.Clean(configuration["Admin:UserName"]) ?? "admin";
        var password = configuration["Admin:Password"];
        var generated = string.IsNullOrEmpty(password);
        if (generated)
        {
            password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var admin = new User
        {
            Username = username,
            NormalizedUsername = UserRules.NormalizeUsername(username),
            DisplayName = "系统管理员",
            Role = UserRole.Admin,
            PasswordHash = string.Empty,
            SecurityStamp = UserFields.NewStamp(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        admin.PasswordHash = hasher.HashPassword(admin, password!);
        db.AuditAs(AuditActor.System);
        db.Users.Add(admin);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance seeded it at the same moment.
            return;
        }

        if (generated)
        {
            LogGeneratedPassword(logger, username, password!);
        }
        else
        {
            LogSeeded(logger, username);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "First administrator '{UserName}' created with the generated password: {Password}  (shown only once; change it after signing in)")]
    private static partial void LogGeneratedPassword(ILogger logger, string userName, string password);

    [LoggerMessage(Level = LogLevel.Information, Message = "First administrator '{UserName}' created with the configured password.")]
    private static partial void LogSeeded(ILogger logger, string userName);
}
