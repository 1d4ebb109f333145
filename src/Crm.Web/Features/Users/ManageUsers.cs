using System.Security.Cryptography;
using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Users;

/// <summary>User administration (admins only): list, create, change, and the first admin at start-up.</summary>
public sealed partial class ManageUsers(
    IDbContextFactory<CrmDbContext> dbFactory,
    IPasswordHasher<User> hasher,
    TimeProvider clock,
    BusinessTime time,
    Auth.UserSessionCache sessions,
    ILogger<ManageUsers> logger)
{
    public async Task<IReadOnlyList<UserDto>> ListAsync(Actor actor, CancellationToken ct)
    {
        RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Id).ToListAsync(ct);
        return users.Select(u => UserDto.From(u, time)).ToList();
    }

    public async Task<UserDto> GetAsync(Actor actor, long id, CancellationToken ct)
    {
        RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct)
            ?? throw new NotFoundException(Messages.UserNotFound);
        return UserDto.From(user, time);
    }

    public async Task<UserDto> CreateAsync(Actor actor, UserInput input, CancellationToken ct)
    {
        RequireAdmin(actor);
        var errors = new ValidationErrors();
        var username = UserRules.Username(input.Username, errors);
        var displayName = Text.Optional(input.DisplayName.Value, UserRules.DisplayNameMax, "display_name", "Label_DisplayName", errors) ?? username;
        var role = ParseRole(input.Role.IsSet ? input.Role.Value : null, UserRole.Sales, errors);
        var password = UserRules.Password(input.Password.Value, errors);
        errors.ThrowIfAny();

        var now = clock.GetUtcNow().UtcDateTime;
        var user = new User
        {
            Username = username,
            NormalizedUsername = UserRules.NormalizeUsername(username),
            DisplayName = displayName,
            Role = role,
            IsActive = input.IsActive.Value ?? true,
            PasswordHash = string.Empty,
            SecurityStamp = NewStamp(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        user.PasswordHash = hasher.HashPassword(user, password);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Users.AnyAsync(u => u.NormalizedUsername == user.NormalizedUsername, ct))
        {
            throw ValidationErrors.Failure("username", Messages.UsernameExists);
        }

        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex, "normalized_username"))
        {
            throw ValidationErrors.Failure("username", Messages.UsernameExists);
        }

        return UserDto.From(user, time);
    }

    public async Task<UserDto> UpdateAsync(Actor actor, long id, UserInput input, CancellationToken ct)
    {
        RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct)
            ?? throw new NotFoundException(Messages.UserNotFound);

        var errors = new ValidationErrors();
        if (input.DisplayName.IsSet)
        {
            user.DisplayName = Text.Required(input.DisplayName.Value, UserRules.DisplayNameMax, "display_name", "Label_DisplayName", errors);
        }

        if (input.Role.IsSet)
        {
            var role = ParseRole(input.Role.Value, user.Role, errors, required: true);
            if (id == actor.UserId && role != UserRole.Admin)
            {
                errors.Add("role", Messages.CannotDemoteSelf);
            }

            user.Role = role;
        }

        if (input.IsActive.IsSet)
        {
            if (input.IsActive.Value is not { } active)
            {
                errors.Add("is_active", Messages.Format("FieldRequired", Messages.Get("Label_IsActive")));
            }
            else if (!active && id == actor.UserId)
            {
                errors.Add("is_active", Messages.CannotDeactivateSelf);
            }
            else if (active != user.IsActive)
            {
                user.IsActive = active;
                user.SecurityStamp = NewStamp();
            }
        }

        if (input.Password.IsSet)
        {
            var password = UserRules.Password(input.Password.Value, errors);
            if (!errors.Has("password"))
            {
                user.PasswordHash = hasher.HashPassword(user, password);
                user.SecurityStamp = NewStamp();
                user.FailedLoginCount = 0;
                user.LockoutEndUtc = null;
            }
        }

        errors.ThrowIfAny();
        user.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        sessions.Invalidate(user.Id);
        return UserDto.From(user, time);
    }

    /// <summary>Seeds the first admin when no user exists (SPEC §5); a random password is logged once.</summary>
    public async Task SeedFirstAdminAsync(IConfiguration configuration, CancellationToken ct)
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
            SecurityStamp = NewStamp(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        admin.PasswordHash = hasher.HashPassword(admin, password!);
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

    private static void RequireAdmin(Actor actor)
    {
        if (!actor.IsAdmin)
        {
            throw new ForbiddenException(Messages.Forbidden);
        }
    }

    private static UserRole ParseRole(string? value, UserRole fallback, ValidationErrors errors, bool required = false)
    {
        var cleaned = Text.Clean(value);
        if (cleaned is null)
        {
            if (required)
            {
                errors.Add("role", Messages.Format("FieldRequired", Messages.Get("Label_Role")));
            }

            return fallback;
        }

        if (EnumText<UserRole>.TryParse(cleaned, out var role))
        {
            return role;
        }

        errors.Add("role", Messages.Format("InvalidChoice", Messages.Get("Label_Role"), string.Join(", ", EnumText<UserRole>.Names)));
        return fallback;
    }

    private static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    [LoggerMessage(Level = LogLevel.Warning, Message = "First administrator '{UserName}' created with the generated password: {Password}  (shown only once; change it after signing in)")]
    private static partial void LogGeneratedPassword(ILogger logger, string userName, string password);

    [LoggerMessage(Level = LogLevel.Information, Message = "First administrator '{UserName}' created with the configured password.")]
    private static partial void LogSeeded(ILogger logger, string userName);
}
